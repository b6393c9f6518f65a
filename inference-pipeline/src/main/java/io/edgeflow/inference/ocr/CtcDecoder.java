package io.edgeflow.inference.ocr;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * CTC prefix beam search over PP-OCR recognizer output [T, C]: the text whose probability, summed
 * over all its alignments, is highest among the {@link #BEAM_WIDTH} best prefixes kept per step.
 * Class 0 is the blank, 1..K the dictionary's keys, K+1 a space.
 *
 * <p>Why not greedy (the best class per step): PP-OCRv4's recognizer spreads a word gap over
 * several steps where the blank narrowly beats the space (e.g. 0.55 against 0.45 twice); greedy
 * then drops the space ("BINZ-64"), although the alignments that contain it are together more
 * likely than the all-blank gap.
 */
public final class CtcDecoder {
    static final int BEAM_WIDTH = 10;

    /** Classes below this probability at a step are not extended (they cannot win a beam). */
    static final float PRUNE = 1e-3f;

    private final List<String> keys;

    public CtcDecoder(List<String> keys) {
        if (keys.size() + 2 > Character.MAX_VALUE) {
            throw new IllegalArgumentException("at most 65533 keys, got " + keys.size());
        }
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

    /**
     * Decoded text and its confidence: the probability of the text summed over its alignments
     * (classes pruned below {@link #PRUNE} left out).
     */
    public record Decoded(String text, float confidence) {}

    /** Probability that a prefix's alignments end in a blank and in its last class. */
    private static final class Paths {
        double blank;
        double last;

        double total() {
            return blank + last;
        }
    }

    public Decoded decode(float[] probabilities, int steps) {
        int c = probabilities.length / steps;
        // A prefix is its class indices as chars: compact, hashable, and its last class at hand.
        Map<String, Paths> beams = new HashMap<>();
        Paths empty = new Paths();
        empty.blank = 1;
        beams.put("", empty);
        double logScale = 0;
        int[] candidates = new int[c];
        for (int t = 0; t < steps; t++) {
            int offset = t * c;
            int n = 0;
            for (int k = 1; k < c; k++) {
                if (probabilities[offset + k] >= PRUNE) {
                    candidates[n++] = k;
                }
            }
            double blank = probabilities[offset];
            Map<String, Paths> next = new HashMap<>();
            for (Map.Entry<String, Paths> beam : beams.entrySet()) {
                String prefix = beam.getKey();
                Paths p = beam.getValue();
                next.computeIfAbsent(prefix, x -> new Paths()).blank += p.total() * blank;
                int last = prefix.isEmpty() ? -1 : prefix.charAt(prefix.length() - 1);
                for (int i = 0; i < n; i++) {
                    int k = candidates[i];
                    double pk = probabilities[offset + k];
                    Paths extended = next.computeIfAbsent(prefix + (char) k, x -> new Paths());
                    if (k == last) {
                        // A repeat only makes a new character after a blank; otherwise it
                        // continues the last one.
                        extended.last += p.blank * pk;
                        next.get(prefix).last += p.last * pk;
                    } else {
                        extended.last += p.total() * pk;
                    }
                }
            }
            List<Map.Entry<String, Paths>> ranked = new ArrayList<>(next.entrySet());
            ranked.sort((a, b) -> Double.compare(b.getValue().total(), a.getValue().total()));
            // Rescale by the best prefix so long lines do not underflow; the scale is kept.
            double best = ranked.get(0).getValue().total();
            if (best <= 0) {
                return new Decoded("", 0f);
            }
            logScale += Math.log(best);
            beams = new HashMap<>();
            for (Map.Entry<String, Paths> e :
                    ranked.subList(0, Math.min(BEAM_WIDTH, ranked.size()))) {
                e.getValue().blank /= best;
                e.getValue().last /= best;
                beams.put(e.getKey(), e.getValue());
            }
        }
        Map.Entry<String, Paths> top = null;
        for (Map.Entry<String, Paths> e : beams.entrySet()) {
            if (top == null || e.getValue().total() > top.getValue().total()) {
                top = e;
            }
        }
        StringBuilder text = new StringBuilder();
        for (char k : top.getKey().toCharArray()) {
            text.append(k <= keys.size() ? keys.get(k - 1) : " ");
        }
        double confidence = Math.exp(Math.log(top.getValue().total()) + logScale);
        return new Decoded(text.toString(), (float) Math.min(1, confidence));
    }
}
