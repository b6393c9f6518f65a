package io.edgeflow.slam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeflow.protocol.Pose2;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrajectoryFileTest {
    @TempDir Path dir;

    @Test
    void roundTripKeepsThePrintedPrecision() throws IOException {
        List<TimedPose> poses =
                List.of(
                        new TimedPose(1001.25, new Pose2(1.5, -2.25, 0.125)),
                        new TimedPose(1001.5, new Pose2(-0.00001, 3.0, -3.1)));
        Path f = dir.resolve("t.poses");
        TrajectoryFile.write(f, poses);
        assertThat(TrajectoryFile.read(f)).isEqualTo(poses);
    }

    @Test
    void aShortLineNamesFileAndLine() throws IOException {
        Path f = dir.resolve("bad.poses");
        Files.writeString(f, "1.0 2.0 3.0 0.1\n2.0 2.0\n");
        assertThatThrownBy(() -> TrajectoryFile.read(f)).hasMessageContaining("bad.poses:2");
    }
}
