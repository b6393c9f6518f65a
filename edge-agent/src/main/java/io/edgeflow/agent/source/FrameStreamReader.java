package io.edgeflow.agent.source;

import io.edgeflow.protocol.FrameCodec;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a byte stream of back-to-back protocol frames (TCP, stdin) into frames using the header's
 * length field, and groups what has already arrived into batches, so one fsync covers many frames.
 */
final class FrameStreamReader {
    private final DataInputStream in;
    private final int maxPayloadBytes;
    private IOException pending;

    FrameStreamReader(InputStream in, int maxPayloadBytes) {
        this.in = new DataInputStream(new java.io.BufferedInputStream(in, 256 * 1024));
        this.maxPayloadBytes = maxPayloadBytes;
    }

    /**
     * Blocks for one frame, then takes the frames that are already buffered, up to {@code max}.
     * Returns an empty list at a clean end of stream.
     *
     * @throws IOException on a truncated frame or a header that cannot start a frame
     */
    List<byte[]> nextBatch(int max) throws IOException {
        if (pending != null) {
            throw pending;
        }
        List<byte[]> batch = new ArrayList<>();
        byte[] first = next(true);
        if (first == null) {
            return batch;
        }
        batch.add(first);
        while (batch.size() < max && in.available() >= FrameCodec.HEADER_BYTES) {
            try {
                batch.add(next(false));
            } catch (IOException e) {
                // The good frames before the bad bytes still count; the error comes next call.
                pending = e;
                break;
            }
        }
        return batch;
    }

    private byte[] next(boolean endAllowed) throws IOException {
        byte[] header = new byte[FrameCodec.HEADER_BYTES];
        int first = in.read();
        if (first < 0) {
            if (endAllowed) {
                return null;
            }
            throw new EOFException("stream ended inside a batch");
        }
        header[0] = (byte) first;
        try {
            in.readFully(header, 1, header.length - 1);
        } catch (EOFException e) {
            throw new EOFException("stream ended inside a frame header");
        }
        if ((header[0] & 0xff) != FrameCodec.MAGIC) {
            throw new IOException(
                    String.format(
                            "byte 0x%02x where a frame must start (magic 0x%02x): stream out of sync",
                            header[0] & 0xff, FrameCodec.MAGIC));
        }
        long length =
                (header[4] & 0xffL)
                        | (header[5] & 0xffL) << 8
                        | (header[6] & 0xffL) << 16
                        | (header[7] & 0xffL) << 24;
        if (length > maxPayloadBytes) {
            throw new IOException(
                    "frame announces a payload of " + length + " bytes, max " + maxPayloadBytes);
        }
        byte[] frame = new byte[FrameCodec.HEADER_BYTES + (int) length];
        System.arraycopy(header, 0, frame, 0, header.length);
        try {
            in.readFully(frame, FrameCodec.HEADER_BYTES, (int) length);
        } catch (EOFException e) {
            throw new EOFException("stream ended inside a frame payload");
        }
        return frame;
    }
}
