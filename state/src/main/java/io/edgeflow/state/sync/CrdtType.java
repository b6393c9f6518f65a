package io.edgeflow.state.sync;

/** The CRDTs a key may declare; each merges the encoded states that updates carry. */
public enum CrdtType {
    COUNTER {
        @Override
        byte[] merge(byte[] a, byte[] b) {
            return PnCounter.fromBytes(a).merge(PnCounter.fromBytes(b)).toBytes();
        }

        @Override
        byte[] empty() {
            return PnCounter.EMPTY.toBytes();
        }
    },
    OR_SET {
        @Override
        byte[] merge(byte[] a, byte[] b) {
            return OrSet.fromBytes(a).merge(OrSet.fromBytes(b)).toBytes();
        }

        @Override
        byte[] empty() {
            return OrSet.EMPTY.toBytes();
        }
    },
    LWW_MAP {
        @Override
        byte[] merge(byte[] a, byte[] b) {
            return LwwMap.fromBytes(a).merge(LwwMap.fromBytes(b)).toBytes();
        }

        @Override
        byte[] empty() {
            return LwwMap.EMPTY.toBytes();
        }
    };

    abstract byte[] merge(byte[] a, byte[] b);

    abstract byte[] empty();
}
