package io.edgeflow.inference.ocr;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Greedy CTC decoding of PP-OCR recognizer output [T, C]: the best class per step, repeats
 * collapsed, blanks dropped. Class 0 is the blank, 1..K the dictionary's keys, K+1 a space.
 */
public final class CtcDecoder {
    private final List<String> keys;

    public CtcDecoder(List<String> keys) {
        this.keys = List.copyOf(keys);
    }

    /** ppocr_keys_v1.txt: one key per line (no trailing newline). */
    public static CtcDecoder fromDictionary(Path file) throws IOException {
        return new CtcDecoder(
                List.of(Files.readString(file, StandardCharsets.UTF_8).split("\n", -1)));
    }

    public int classes() {
        return keys.size() + 2;
    }

    /** Decoded text and its confidence: the mean probability of the kept characters. */
    public record Decoded(String text, float confidence) {}

    public Decoded decode(float[] probabilities, int steps) {
        int c = probabilities.length / steps;
        StringBuilder text = new StringBuilder();
        double sum = 0;
        int kept = 0;
        int previous = 0;
        for (int t = 0; t < steps; t++) {
            int best = 0;
            float bestP = probabilities[t * c];
            for (int k = 1; k < c; k++) {
                float p = probabilities[t * c + k];
                if (p > bestP) {
                    bestP = p;
                    best = k;
                }
            }
            if (best != 0 && best != previous) {
                text.append(best <= keys.size() ? keys.get(best - 1) : " ");
                sum += bestP;
                kept++;
            }
            previous = best;
        }
        return new Decoded(text.toString(), kept == 0 ? 0f : (float) (sum / kept));
    }
}
