package io.edgeflow.slam.mapping2d;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeflow.protocol.Pose2;
import org.junit.jupiter.api.Test;

class ActiveSubmapsTest {

    @Test
    void submapsOverlapByHalfAndFreezeWhenFinished() {
        ActiveSubmaps active = new ActiveSubmaps(3, 0.05, new RangeDataInserter(0.55, 0.49));
        RangeData scan =
                new RangeData(
                        Pose2.ORIGIN,
                        new PointSet(new float[] {1f}, new float[] {0f}),
                        PointSet.EMPTY);
        Submap finished = null;
        int insertions = 0;
        while (finished == null) {
            ActiveSubmaps.Insertion ins = active.insert(scan, new Pose2(insertions * 0.5, 0, 0));
            finished = ins.finished();
            insertions++;
        }
        // Submap 0 gets scans 1..6; submap 1 starts at scan 4.
        assertThat(insertions).isEqualTo(6);
        assertThat(finished.index()).isZero();
        assertThat(finished.numRangeData()).isEqualTo(6);
        assertThat(active.submaps()).extracting(Submap::index).containsExactly(0, 1);
        assertThat(active.submaps().get(1).numRangeData()).isEqualTo(3);
        assertThat(active.submaps().get(1).localPose()).isEqualTo(new Pose2(1.5, 0, 0));
        Submap frozen = finished;
        assertThatThrownBy(() -> frozen.insert(scan, new RangeDataInserter(0.55, 0.49)))
                .isInstanceOf(IllegalStateException.class);

        ActiveSubmaps.Insertion next = active.insert(scan, Pose2.ORIGIN);
        assertThat(next.insertedInto()).extracting(Submap::index).containsExactly(1, 2);
        assertThat(active.matchingSubmap().index()).isEqualTo(1);
    }
}
