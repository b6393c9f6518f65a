package io.edgeflow.inference.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeflow.protocol.InferenceResult.NamedTensor;
import io.edgeflow.protocol.Tensor;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResultCacheTest {
    static final Tensor X = Tensor.floats(new int[] {2}, new float[] {1, 2});

    @Test
    void theKeyCoversModelVersionAndEveryInputByte() {
        String k = ResultCache.key("mlp", "1", X);
        assertThat(ResultCache.key("mlp", "1", Tensor.floats(new int[] {2}, new float[] {1, 2})))
                .isEqualTo(k);
        assertThat(ResultCache.key("mlp", "2", X)).isNotEqualTo(k);
        assertThat(ResultCache.key("mlp2", "1", X)).isNotEqualTo(k);
        assertThat(ResultCache.key("mlp", "1", Tensor.floats(new int[] {2}, new float[] {1, 3})))
                .isNotEqualTo(k);
        assertThat(ResultCache.key("mlp", "1", Tensor.floats(new int[] {1, 2}, new float[] {1, 2})))
                .isNotEqualTo(k);
    }

    @Test
    void hitsAreCountedAndTheSizeIsBounded() {
        ResultCache cache = new ResultCache(2, Duration.ofMinutes(1));
        List<NamedTensor> out = List.of(new NamedTensor("output", X));
        cache.put("a", out);
        assertThat(cache.get("a")).contains(out);
        assertThat(cache.get("b")).isEmpty();
        assertThat(cache.hitRate()).isEqualTo(0.5);
        for (int i = 0; i < 50; i++) {
            cache.put("k" + i, out);
        }
        assertThat(cache.size()).isLessThanOrEqualTo(2);
    }
}
