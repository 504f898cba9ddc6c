package io.ferry.local.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EncodingTest {

    @Test
    void contentTypesCompareAsPlainStrings() {
        assertThat(Encoding.ofContentType("application/json")).hasValue(Encoding.JSON);
        assertThat(Encoding.ofContentType("application/x-protobuf")).hasValue(Encoding.PROTOBUF);
        assertThat(Encoding.ofContentType("application/json; charset=utf-8")).isEmpty();
        assertThat(Encoding.ofContentType("Application/JSON")).isEmpty();
    }

    @Test
    void acceptPrefersJsonThenProtobuf() {
        assertThat(Encoding.negotiate(null)).hasValue(Encoding.JSON);
        assertThat(Encoding.negotiate(List.of("*/*"))).hasValue(Encoding.JSON);
        assertThat(Encoding.negotiate(List.of("application/x-protobuf, application/json"))).hasValue(Encoding.JSON);
        assertThat(Encoding.negotiate(List.of("application/json;q=0, application/*"))).hasValue(Encoding.JSON);
        assertThat(Encoding.negotiate(List.of("application/json;q=0", "application/x-protobuf")))
                .hasValue(Encoding.PROTOBUF);
        assertThat(Encoding.negotiate(List.of("application/recordio"))).isEqualTo(Optional.empty());
        assertThat(Encoding.negotiate(List.of("text/plain"))).isEmpty();
    }
}
