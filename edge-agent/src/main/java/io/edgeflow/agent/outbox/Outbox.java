package io.edgeflow.agent.outbox;

import io.edgeflow.agent.outbox.OutboxConfig.FullPolicy;
import io.edgeflow.agent.outbox.OutboxConfig.SyncPolicy;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The durable store-and-forward queue of an agent, on RocksDB: one column family per {@link
 * MessageClass}, keyed by a big-endian sequence number that never repeats, so each class reads back
 * in append order. An append is one atomic write batch (frames, the new per-stream positions and
 * counters), fsynced per {@link SyncPolicy} before {@link #append} returns: only then may a source
 * be told its frames are safe. Frames leave only through {@link #deliveredThrough} (after Kafka
 * committed them) or a counted drop (full or expired).
 *
 * <p>Deduplication: each stream (a node id) remembers the highest frame sequence number appended; a
 * frame at or below it is a source's retry and is acknowledged without being stored again.
 */
public final class Outbox implements AutoCloseable {
    static {
        RocksDB.loadLibrary();
    }

    private static final byte[] OUTBOX_ID = "outbox-id".getBytes(StandardCharsets.UTF_8);
    private static final byte[] NEXT_SEQ = "next-seq".getBytes(StandardCharsets.UTF_8);

    private enum Counter {
        APPENDED,
        DELIVERED,
        DROPPED_FULL,
        EXPIRED,
        DUPLICATES
    }

    /** What became of each frame of one append. */
    public record AppendResult(int appended, int duplicates, int dropped) {}

    private final OutboxConfig config;
    private final RocksDB db;
    private final DBOptions dbOptions;
    private final ColumnFamilyOptions cfOptions;
    private final ColumnFamilyHandle meta;
    private final Map<MessageClass, ColumnFamilyHandle> lanes = new EnumMap<>(MessageClass.class);
    private final WriteOptions writeOptions;

    /**
     * Deletes of delivered frames are not fsynced: one lost in a crash only leaves frames that
     * Kafka already has, and the lane deletes them again from the position it reads back from Kafka
     * on reconnect. (The next fsynced append makes them durable anyway.)
     */
    private final WriteOptions deliveredOptions;

    private final String outboxId;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition spaceFreed = lock.newCondition();
    private final Condition framesAdded = lock.newCondition();
    private final Map<MessageClass, long[]> counters = new EnumMap<>(MessageClass.class);
    private final Map<MessageClass, Long> frames = new EnumMap<>(MessageClass.class);
    private final Map<MessageClass, Long> bytes = new EnumMap<>(MessageClass.class);

    /** Lowest sequence number that may still be stored, per class (skips delete tombstones). */
    private final Map<MessageClass, Long> head = new EnumMap<>(MessageClass.class);

    /** Highest sequence number a lane is delivering right now (-1: none): never dropped. */
    private final Map<MessageClass, Long> inflightThrough = new EnumMap<>(MessageClass.class);

    private final Map<Integer, Long> streamSeq = new HashMap<>();
    private long totalBytes;
    private long nextSeq;
    private boolean closed;

    private Outbox(
            OutboxConfig config,
            RocksDB db,
            DBOptions dbOptions,
            ColumnFamilyOptions cfOptions,
            List<ColumnFamilyHandle> handles)
            throws RocksDBException {
        this.config = config;
        this.db = db;
        this.dbOptions = dbOptions;
        this.cfOptions = cfOptions;
        this.meta = handles.get(0);
        MessageClass[] classes = MessageClass.values();
        for (int i = 0; i < classes.length; i++) {
            lanes.put(classes[i], handles.get(i + 1));
        }
        this.writeOptions = new WriteOptions().setSync(config.sync() == SyncPolicy.BATCH);
        this.deliveredOptions = new WriteOptions().setSync(false);
        byte[] id = db.get(meta, OUTBOX_ID);
        if (id == null) {
            id = UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8);
            try (WriteOptions sync = new WriteOptions().setSync(true)) {
                db.put(meta, sync, OUTBOX_ID, id);
            }
        }
        this.outboxId = new String(id, StandardCharsets.UTF_8);
        byte[] next = db.get(meta, NEXT_SEQ);
        this.nextSeq = next == null ? 0 : ByteBuffer.wrap(next).getLong();
        recover();
    }

    /** Opens (creating if needed) the outbox in {@code config.dir()}. */
    public static Outbox open(OutboxConfig config) throws IOException {
        Files.createDirectories(config.dir());
        DBOptions dbOptions =
                new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true);
        ColumnFamilyOptions cfOptions = new ColumnFamilyOptions();
        List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
        descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, cfOptions));
        for (MessageClass c : MessageClass.values()) {
            descriptors.add(
                    new ColumnFamilyDescriptor(
                            c.label().getBytes(StandardCharsets.UTF_8), cfOptions));
        }
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        try {
            RocksDB db = RocksDB.open(dbOptions, config.dir().toString(), descriptors, handles);
            return new Outbox(config, db, dbOptions, cfOptions, handles);
        } catch (RocksDBException e) {
            throw new IOException("opening the outbox in " + config.dir() + ": " + e, e);
        }
    }

    /** A random id made when the outbox was created: delivery positions in Kafka are per outbox. */
    public String outboxId() {
        return outboxId;
    }

    public OutboxConfig config() {
        return config;
    }

    private void recover() throws RocksDBException {
        for (MessageClass c : MessageClass.values()) {
            long n = 0;
            long size = 0;
            long first = nextSeq;
            try (RocksIterator it = db.newIterator(lanes.get(c))) {
                for (it.seekToFirst(); it.isValid(); it.next()) {
                    if (n == 0) {
                        first = seqOf(it.key());
                    }
                    n++;
                    size += entrySize(it.value());
                }
            }
            frames.put(c, n);
            bytes.put(c, size);
            totalBytes += size;
            head.put(c, first);
            inflightThrough.put(c, -1L);
            long[] counts = new long[Counter.values().length];
            for (Counter k : Counter.values()) {
                byte[] v = db.get(meta, counterKey(c, k));
                counts[k.ordinal()] = v == null ? 0 : ByteBuffer.wrap(v).getLong();
            }
            counters.put(c, counts);
        }
        try (RocksIterator it = db.newIterator(meta)) {
            byte[] prefix = {'s', '/'};
            for (it.seek(prefix);
                    it.isValid() && it.key()[0] == 's' && it.key()[1] == '/';
                    it.next()) {
                streamSeq.put(
                        ByteBuffer.wrap(it.key(), 2, 4).getInt(),
                        ByteBuffer.wrap(it.value()).getLong());
            }
        }
    }

    /**
     * Appends frames durably, in order. Frames at or below their stream's last appended sequence
     * number are duplicates and skipped. When the frames do not fit, the full policy applies: under
     * DROP_OLDEST older frames of lower or equal priority are deleted (or, if none can be, the new
     * frame itself is dropped), every one counted; under BLOCK the call waits for room.
     *
     * @throws OutboxFullException under BLOCK when room did not come in time: nothing was appended
     * @throws IOException if RocksDB failed: nothing was appended
     */
    public AppendResult append(List<PendingFrame> batch)
            throws IOException, OutboxFullException, InterruptedException {
        lock.lock();
        try {
            ensureOpen();
            if (config.fullPolicy() != FullPolicy.BLOCK) {
                return appendLocked(batch);
            }
            // BLOCK: append the longest prefix that fits, wait for room for the rest.
            int done = 0;
            int appended = 0;
            int duplicates = 0;
            while (done < batch.size()) {
                long room = config.maxBytes() - totalBytes;
                int k = 0;
                long size = 0;
                while (done + k < batch.size() && size + batch.get(done + k).sizeBytes() <= room) {
                    size += batch.get(done + k).sizeBytes();
                    k++;
                }
                if (k == 0) {
                    awaitSpace(batch.get(done).sizeBytes(), done);
                    ensureOpen();
                    continue;
                }
                AppendResult r = appendLocked(batch.subList(done, done + k));
                appended += r.appended();
                duplicates += r.duplicates();
                done += k;
            }
            return new AppendResult(appended, duplicates, 0);
        } finally {
            lock.unlock();
        }
    }

    private AppendResult appendLocked(List<PendingFrame> batch) throws IOException {
        Map<MessageClass, long[]> delta = new EnumMap<>(MessageClass.class);
        Map<Integer, Long> positions = new HashMap<>();
        List<PendingFrame> fresh = new ArrayList<>(batch.size());
        long freshBytes = 0;
        // Frames of this batch that are new, with the streams' positions after them.
        for (PendingFrame f : batch) {
            long last = positions.getOrDefault(f.nodeId(), streamSeq.getOrDefault(f.nodeId(), -1L));
            if (f.streamSeq() <= last) {
                bump(delta, f.messageClass(), Counter.DUPLICATES, 1);
                continue;
            }
            positions.put(f.nodeId(), f.streamSeq());
            fresh.add(f);
            freshBytes += f.sizeBytes();
        }
        int duplicates = batch.size() - fresh.size();
        try (WriteBatch wb = new WriteBatch()) {
            List<PendingFrame> stored = fresh;
            long need = totalBytes + freshBytes - config.maxBytes();
            if (need > 0) {
                MessageClass top = fresh.get(0).messageClass();
                for (PendingFrame f : fresh) {
                    if (f.messageClass().priority() > top.priority()) {
                        top = f.messageClass();
                    }
                }
                need -= dropOldest(wb, top, need, delta);
                if (need > 0) {
                    // Still no room: the new frames go, lowest priority first.
                    List<PendingFrame> byPriority = new ArrayList<>(fresh);
                    byPriority.sort(
                            (a, b) ->
                                    Integer.compare(
                                            a.messageClass().priority(),
                                            b.messageClass().priority()));
                    java.util.Set<PendingFrame> dropped =
                            java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
                    for (PendingFrame f : byPriority) {
                        if (need <= 0) {
                            break;
                        }
                        dropped.add(f);
                        need -= f.sizeBytes();
                        bump(delta, f.messageClass(), Counter.DROPPED_FULL, 1);
                    }
                    stored = fresh.stream().filter(f -> !dropped.contains(f)).toList();
                }
            }
            long now = System.currentTimeMillis();
            for (PendingFrame f : stored) {
                long seq = nextSeq++;
                wb.put(lanes.get(f.messageClass()), seqKey(seq), value(f, now));
                bump(delta, f.messageClass(), Counter.APPENDED, 1);
                frames.merge(f.messageClass(), 1L, Long::sum);
                bytes.merge(f.messageClass(), (long) f.sizeBytes(), Long::sum);
                totalBytes += f.sizeBytes();
            }
            for (Map.Entry<Integer, Long> p : positions.entrySet()) {
                wb.put(meta, streamKey(p.getKey()), longBytes(p.getValue()));
            }
            wb.put(meta, NEXT_SEQ, longBytes(nextSeq));
            applyCounters(wb, delta);
            db.write(writeOptions, wb);
            streamSeq.putAll(positions);
            if (!stored.isEmpty()) {
                framesAdded.signalAll();
            }
            return new AppendResult(stored.size(), duplicates, fresh.size() - stored.size());
        } catch (RocksDBException e) {
            // The in-memory view may now be ahead of the disk: reload it.
            reloadAfterFailure();
            throw new IOException("appending to the outbox: " + e, e);
        }
    }

    private void awaitSpace(long needed, int accepted)
            throws OutboxFullException, InterruptedException {
        if (needed > config.maxBytes()) {
            throw new OutboxFullException(
                    "a frame of "
                            + needed
                            + " bytes can never fit an outbox of "
                            + config.maxBytes()
                            + " bytes",
                    accepted);
        }
        long deadline = System.nanoTime() + config.blockTimeout().toNanos();
        while (totalBytes + needed > config.maxBytes()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new OutboxFullException(
                        "outbox full ("
                                + totalBytes
                                + " of "
                                + config.maxBytes()
                                + " bytes) for "
                                + config.blockTimeout()
                                + ": frames not accepted",
                        accepted);
            }
            spaceFreed.awaitNanos(left);
        }
    }

    /**
     * Deletes the oldest frames not in flight, lowest priority class first (classes above {@code
     * incoming}'s priority are never touched), until {@code need} bytes are freed. Returns bytes
     * freed.
     */
    private long dropOldest(
            WriteBatch wb, MessageClass incoming, long need, Map<MessageClass, long[]> delta) {
        long freed = 0;
        List<MessageClass> order = new ArrayList<>(List.of(MessageClass.values()));
        order.sort((a, b) -> Integer.compare(a.priority(), b.priority()));
        for (MessageClass c : order) {
            if (c.priority() > incoming.priority() || freed >= need) {
                break;
            }
            long from = Math.max(head.get(c), inflightThrough.get(c) + 1);
            try (RocksIterator it = db.newIterator(lanes.get(c))) {
                for (it.seek(seqKey(from)); it.isValid() && freed < need; it.next()) {
                    int size = entrySize(it.value());
                    try {
                        wb.delete(lanes.get(c), it.key());
                    } catch (RocksDBException e) {
                        throw new IllegalStateException("write batch rejected a delete", e);
                    }
                    freed += size;
                    frames.merge(c, -1L, Long::sum);
                    bytes.merge(c, (long) -size, Long::sum);
                    totalBytes -= size;
                    bump(delta, c, Counter.DROPPED_FULL, 1);
                }
            }
        }
        return freed;
    }

    /**
     * The oldest frames of a class not yet handed out, at most {@code maxFrames} and (beyond the
     * first) {@code maxBytes}; waits up to {@code waitMillis} for some to arrive. They are in
     * flight until {@link #deliveredThrough} or {@link #releaseInflight}: drops leave them alone.
     */
    public List<OutboxEntry> takeInflight(
            MessageClass c, int maxFrames, long maxBytes, long waitMillis)
            throws InterruptedException {
        lock.lock();
        try {
            ensureOpen();
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
            while (true) {
                List<OutboxEntry> out = new ArrayList<>();
                long from = Math.max(head.get(c), inflightThrough.get(c) + 1);
                long size = 0;
                try (RocksIterator it = db.newIterator(lanes.get(c))) {
                    for (it.seek(seqKey(from));
                            it.isValid()
                                    && out.size() < maxFrames
                                    && (out.isEmpty() || size < maxBytes);
                            it.next()) {
                        OutboxEntry e = entry(it.key(), it.value());
                        out.add(e);
                        size += e.sizeBytes();
                    }
                }
                if (!out.isEmpty()) {
                    inflightThrough.put(c, out.get(out.size() - 1).seq());
                    return out;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return out;
                }
                framesAdded.awaitNanos(left);
            }
        } finally {
            lock.unlock();
        }
    }

    /** The lane gave up on what it took (e.g. its channel failed): they will be taken again. */
    public void releaseInflight(MessageClass c) {
        lock.lock();
        try {
            inflightThrough.put(c, -1L);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Kafka committed every frame of class {@code c} up to and including {@code seq}: delete them.
     * Idempotent. Returns how many frames were deleted.
     */
    public long deliveredThrough(MessageClass c, long seq) throws IOException {
        lock.lock();
        try {
            ensureOpen();
            long n = 0;
            long size = 0;
            long from = head.get(c);
            if (seq < from) {
                return 0;
            }
            try (RocksIterator it = db.newIterator(lanes.get(c))) {
                for (it.seek(seqKey(from)); it.isValid() && seqOf(it.key()) <= seq; it.next()) {
                    n++;
                    size += entrySize(it.value());
                }
            }
            try (WriteBatch wb = new WriteBatch()) {
                wb.deleteRange(lanes.get(c), seqKey(from), seqKey(seq + 1));
                Map<MessageClass, long[]> delta = new EnumMap<>(MessageClass.class);
                bump(delta, c, Counter.DELIVERED, n);
                applyCounters(wb, delta);
                db.write(deliveredOptions, wb);
            } catch (RocksDBException e) {
                throw new IOException("deleting delivered frames: " + e, e);
            }
            head.put(c, seq + 1);
            if (inflightThrough.get(c) <= seq) {
                inflightThrough.put(c, -1L);
            }
            frames.merge(c, -n, Long::sum);
            bytes.merge(c, -size, Long::sum);
            totalBytes -= size;
            spaceFreed.signalAll();
            return n;
        } finally {
            lock.unlock();
        }
    }

    /** Drops frames older than the configured max age that are not in flight; returns how many. */
    public long expire(long nowMillis) throws IOException {
        lock.lock();
        try {
            ensureOpen();
            long cutoff = nowMillis - config.maxAge().toMillis();
            long total = 0;
            try (WriteBatch wb = new WriteBatch()) {
                Map<MessageClass, long[]> delta = new EnumMap<>(MessageClass.class);
                for (MessageClass c : MessageClass.values()) {
                    long from = Math.max(head.get(c), inflightThrough.get(c) + 1);
                    try (RocksIterator it = db.newIterator(lanes.get(c))) {
                        for (it.seek(seqKey(from)); it.isValid(); it.next()) {
                            if (ByteBuffer.wrap(it.value()).getLong() >= cutoff) {
                                break;
                            }
                            int size = entrySize(it.value());
                            wb.delete(lanes.get(c), it.key());
                            frames.merge(c, -1L, Long::sum);
                            bytes.merge(c, (long) -size, Long::sum);
                            totalBytes -= size;
                            bump(delta, c, Counter.EXPIRED, 1);
                            total++;
                        }
                    }
                }
                if (total > 0) {
                    applyCounters(wb, delta);
                    db.write(writeOptions, wb);
                    spaceFreed.signalAll();
                }
            } catch (RocksDBException e) {
                throw new IOException("expiring frames: " + e, e);
            }
            return total;
        } finally {
            lock.unlock();
        }
    }

    /** The last sequence number appended for a stream (node id), or -1. */
    public long lastStreamSeq(int nodeId) {
        lock.lock();
        try {
            return streamSeq.getOrDefault(nodeId, -1L);
        } finally {
            lock.unlock();
        }
    }

    public OutboxStats stats(MessageClass c) {
        lock.lock();
        try {
            long[] k = counters.get(c);
            return new OutboxStats(
                    c,
                    frames.get(c),
                    bytes.get(c),
                    k[Counter.APPENDED.ordinal()],
                    k[Counter.DELIVERED.ordinal()],
                    k[Counter.DROPPED_FULL.ordinal()],
                    k[Counter.EXPIRED.ordinal()],
                    k[Counter.DUPLICATES.ordinal()]);
        } finally {
            lock.unlock();
        }
    }

    public long totalFrames() {
        lock.lock();
        try {
            return frames.values().stream().mapToLong(Long::longValue).sum();
        } finally {
            lock.unlock();
        }
    }

    public long totalBytes() {
        lock.lock();
        try {
            return totalBytes;
        } finally {
            lock.unlock();
        }
    }

    private void bump(Map<MessageClass, long[]> delta, MessageClass c, Counter k, long n) {
        delta.computeIfAbsent(c, x -> new long[Counter.values().length])[k.ordinal()] += n;
    }

    private void applyCounters(WriteBatch wb, Map<MessageClass, long[]> delta)
            throws RocksDBException {
        for (Map.Entry<MessageClass, long[]> d : delta.entrySet()) {
            long[] current = counters.get(d.getKey());
            for (Counter k : Counter.values()) {
                long n = d.getValue()[k.ordinal()];
                if (n != 0) {
                    current[k.ordinal()] += n;
                    wb.put(meta, counterKey(d.getKey(), k), longBytes(current[k.ordinal()]));
                }
            }
        }
    }

    private void reloadAfterFailure() {
        try {
            streamSeq.clear();
            totalBytes = 0;
            byte[] next = db.get(meta, NEXT_SEQ);
            nextSeq = next == null ? 0 : ByteBuffer.wrap(next).getLong();
            recover();
        } catch (RocksDBException e) {
            throw new IllegalStateException("outbox unreadable after a failed write", e);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("outbox is closed");
        }
    }

    private static byte[] seqKey(long seq) {
        return longBytes(seq);
    }

    private static long seqOf(byte[] key) {
        return ByteBuffer.wrap(key).getLong();
    }

    private static byte[] longBytes(long v) {
        return ByteBuffer.allocate(8).putLong(v).array();
    }

    private static byte[] streamKey(int nodeId) {
        return ByteBuffer.allocate(6).put((byte) 's').put((byte) '/').putInt(nodeId).array();
    }

    private static byte[] counterKey(MessageClass c, Counter k) {
        return ("c/" + c.label() + "/" + k.name()).getBytes(StandardCharsets.UTF_8);
    }

    /** Value: enqueue time (i64), key length (u16), key, frame. */
    private static byte[] value(PendingFrame f, long nowMillis) {
        return ByteBuffer.allocate(8 + 2 + f.key().length + f.frame().length)
                .putLong(nowMillis)
                .putShort((short) f.key().length)
                .put(f.key())
                .put(f.frame())
                .array();
    }

    private static int entrySize(byte[] value) {
        return value.length - 10;
    }

    private static OutboxEntry entry(byte[] key, byte[] value) {
        ByteBuffer b = ByteBuffer.wrap(value);
        long enqueued = b.getLong();
        byte[] k = new byte[b.getShort() & 0xffff];
        b.get(k);
        byte[] frame = new byte[b.remaining()];
        b.get(frame);
        return new OutboxEntry(seqOf(key), k, frame, enqueued);
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            spaceFreed.signalAll();
            framesAdded.signalAll();
            for (ColumnFamilyHandle h : lanes.values()) {
                h.close();
            }
            meta.close();
            writeOptions.close();
            deliveredOptions.close();
            db.close();
            dbOptions.close();
            cfOptions.close();
        } finally {
            lock.unlock();
        }
    }
}
