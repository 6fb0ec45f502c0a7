package io.github.betaheaders.example;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** Sets system properties (the gateway's settings seam) for the duration of one action, then restores them. */
final class SystemProperties {

    private SystemProperties() {
    }

    static <T> T with(Map<String, String> properties, Callable<T> action) throws Exception {
        Map<String, String> previous = new HashMap<>();
        properties.forEach((name, value) -> previous.put(name, System.setProperty(name, value)));
        try {
            return action.call();
        } finally {
            previous.forEach((name, value) -> {
                if (value == null) {
                    System.clearProperty(name);
                } else {
                    System.setProperty(name, value);
                }
            });
        }
    }
}
