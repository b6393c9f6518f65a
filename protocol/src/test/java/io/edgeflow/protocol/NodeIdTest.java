package io.edgeflow.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NodeIdTest {
    @Test
    void isFnv1a32OfTheUtf8Name() {
        // Reference values of the FNV-1a 32-bit hash (Fowler, Noll, Vo test suite).
        assertThat(NodeId.of("")).isEqualTo(0x811c9dc5);
        assertThat(NodeId.of("a")).isEqualTo(0xe40c292c);
        assertThat(NodeId.of("foobar")).isEqualTo(0xbf9cf968);
    }

    @Test
    void hexIsEightLowerCaseDigits() {
        assertThat(NodeId.hex(0x0000abcd)).isEqualTo("0000abcd");
        assertThat(NodeId.hex(0xe40c292c)).isEqualTo("e40c292c");
    }
}
