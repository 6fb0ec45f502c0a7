package io.github.betaheaders.core;

/** What a provider key may look like: letters, digits, {@code _ - .}; the keys of LiteLLM's file all fit. */
public final class ProviderKeys {

    private ProviderKeys() {
    }

    public static boolean isValid(String key) {
        if (key == null || key.isEmpty()) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '_' || c == '-' || c == '.';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
