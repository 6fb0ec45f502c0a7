package io.github.betaheaders.servlet;

import java.util.Enumeration;
import java.util.NoSuchElementException;
import java.util.function.Predicate;

/** A request's header names, lazily skipping some and then adding one; nothing is copied. */
final class HeaderNames implements Enumeration<String> {

    private final Enumeration<String> names;
    private final Predicate<String> skip;
    private String extra;
    private String next;

    /**
     * @param names the container's names
     * @param skip  names to leave out
     * @param extra a name to add at the end, or {@code null}
     */
    HeaderNames(Enumeration<String> names, Predicate<String> skip, String extra) {
        this.names = names;
        this.skip = skip;
        this.extra = extra;
        advance();
    }

    private void advance() {
        next = null;
        while (names.hasMoreElements()) {
            String name = names.nextElement();
            if (!skip.test(name)) {
                next = name;
                return;
            }
        }
        next = extra;
        extra = null;
    }

    @Override
    public boolean hasMoreElements() {
        return next != null;
    }

    @Override
    public String nextElement() {
        if (next == null) {
            throw new NoSuchElementException();
        }
        String out = next;
        advance();
        return out;
    }
}
