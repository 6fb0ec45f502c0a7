package io.github.betaheaders.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

class SigV4SignatureTest {

    @Test
    void theAuthorizationHeaderNamesTheSignedHeaders() {
        SigV4Signature signature = SigV4Signature.of("AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/bedrock/"
                + "aws4_request, SignedHeaders=Anthropic-Beta;content-type;host;x-amz-date, Signature=abcdef", null);
        assertEquals(Set.of("anthropic-beta", "content-type", "host", "x-amz-date"), signature.signedHeaders());
        assertTrue(signature.signs("anthropic-beta"));
        assertTrue(signature.signs("ANTHROPIC-BETA"));
        assertFalse(signature.signs("authorization"));
    }

    @Test
    void aSignatureWithoutTheBetaHeaderStillCountsAsSigned() {
        SigV4Signature signature = SigV4Signature.of("aws4-hmac-sha256 Credential=x, SignedHeaders=host, Signature=y",
                null);
        assertEquals(Set.of("host"), signature.signedHeaders());
        assertFalse(signature.signs("anthropic-beta"));
        assertEquals(Set.of(), SigV4Signature.of("AWS4-HMAC-SHA256 Credential=x, Signature=y", null).signedHeaders());
    }

    @Test
    void aPresignedUrlIsASignatureToo() {
        SigV4Signature signature = SigV4Signature.of(null, "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=a%2Fb"
                + "&X-Amz-SignedHeaders=anthropic-beta%3Bhost&X-Amz-Signature=0123");
        assertEquals(Set.of("anthropic-beta", "host"), signature.signedHeaders());
    }

    @Test
    void otherAuthorizationIsNoSignature() {
        assertNull(SigV4Signature.of(null, null));
        assertNull(SigV4Signature.of("Bearer abc", "beta=true"));
        assertNull(SigV4Signature.of("AWS4", null));
        assertNull(SigV4Signature.of("Basic QUxBRERJTjpPUEVOU0VTQU1F", "X-Amz-Algorithm=HMAC"));
    }
}
