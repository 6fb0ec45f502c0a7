package io.github.betaheaders.core;

/** Chooses the provider a request goes to from its path inside the context; {@code null} means "leave it alone". */
@FunctionalInterface
public interface ProviderResolver {

    String providerFor(String path);

    /** Every request goes to the same provider. */
    static ProviderResolver fixed(String provider) {
        return path -> provider;
    }
}
