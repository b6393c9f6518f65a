package io.edgeflow.inference.ocr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.edgeflow.inference.ocr.LabelScenes.Box;
import java.util.List;
import org.junit.jupiter.api.Test;

/** DB box extraction and CTC decoding on inputs constructed so the answer is known. */
class OcrPostProcessingTest {

    @Test
    void dbFindsEachConfidentRegionAndGrowsItByTheUnclipDistance() {
        int w = 64;
        int h = 32;
        float[] p = new float[w * h];
        fill(p, w, 4, 4, 20, 6, 0.9f); // confident text
        fill(p, w, 40, 20, 10, 4, 0.4f); // above threshold, below box score
        fill(p, w, 50, 2, 2, 2, 0.95f); // too small
        List<Box> boxes = new DbPostProcessor(0.3f, 0.6f, 1.5, 3).boxes(p, w, h);
        // 20x6 region: d = 120 * 1.5 / 52 = 3.46 → grown by floor/ceil of 3.46 on each side.
        assertThat(boxes).containsExactly(new Box(0, 0, 28, 14));
    }

    @Test
    void ctcCollapsesRepeatsDropsBlanksAndMapsTheSpaceClass() {
        CtcDecoder d = new CtcDecoder(List.of("A", "B", "7"));
        int c = d.classes();
        int[] best = {1, 1, 0, 1, 2, 2, 4, 3, 0, 0};
        float[] probs = new float[best.length * c];
        for (int t = 0; t < best.length; t++) {
            probs[t * c + best[t]] = 0.8f;
        }
        CtcDecoder.Decoded out = d.decode(probs, best.length);
        assertThat(out.text()).isEqualTo("AAB 7");
        // One alignment only: its probability is the product over the 10 steps.
        assertThat(out.confidence()).isCloseTo((float) Math.pow(0.8, 10), within(1e-6f));
    }

    @Test
    void aSpaceSpreadOverAGapWinsWhenItsAlignmentsTogetherOutweighTheBlankGap() {
        CtcDecoder d = new CtcDecoder(List.of("A", "B"));
        int c = d.classes();
        int space = c - 1;
        float[] probs = new float[4 * c];
        probs[1] = 1f; // A
        for (int t = 1; t <= 2; t++) {
            probs[t * c] = 0.55f; // blank
            probs[t * c + space] = 0.45f;
        }
        probs[3 * c + 2] = 1f; // B
        // Best per step reads "AB" (0.55 x 0.55 = 0.3025); the alignments of "A B" (space,
        // blank; blank, space; space, space) sum to 2 x 0.45 x 0.55 + 0.45 x 0.45 = 0.6975.
        CtcDecoder.Decoded out = d.decode(probs, 4);
        assertThat(out.text()).isEqualTo("A B");
        assertThat(out.confidence()).isCloseTo(0.6975f, within(1e-6f));
    }

    @Test
    void rotatedBoundsContainTheRotatedRectangle() {
        Box upright = LabelScenes.rotatedBounds(10, 10, 100, 20, 0);
        assertThat(upright).isEqualTo(new Box(10, 10, 100, 20));
        Box turned = LabelScenes.rotatedBounds(10, 10, 100, 20, Math.PI / 2);
        assertThat(turned).isEqualTo(new Box(50, -30, 20, 100));
    }

    private static void fill(float[] p, int w, int x, int y, int bw, int bh, float v) {
        for (int j = y; j < y + bh; j++) {
            for (int i = x; i < x + bw; i++) {
                p[j * w + i] = v;
            }
        }
    }
}
