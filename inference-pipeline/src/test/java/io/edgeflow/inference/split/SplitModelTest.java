package io.edgeflow.inference.split;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDList;
import ai.djl.repository.zoo.ZooModel;
import io.edgeflow.inference.model.ModelFiles;
import io.edgeflow.inference.model.ModelLoader;
import io.edgeflow.inference.model.ModelSpec;
import io.edgeflow.inference.model.PredictorRunner;
import io.edgeflow.inference.model.SampleOutput;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A DJL Block MLP split into three stages, run as three Flink operators in three slot sharing
 * groups on two TaskManagers, equals the unsplit model within float tolerance.
 */
class SplitModelTest {
    // batchFlatten, linear, relu, linear, relu, linear: cut before each linear.
    static final int[] CUTS = {3, 5};

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    () ->
                            new MiniClusterResourceConfiguration.Builder()
                                    .setNumberTaskManagers(2)
                                    .setNumberSlotsPerTaskManager(2)
                                    .build());

    static List<Activation> inputs() {
        Random r = new Random(9);
        List<Activation> in = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            int n = 1 + i % 4;
            float[] v = new float[n * 256];
            for (int j = 0; j < v.length; j++) {
                v[j] = (float) r.nextGaussian();
            }
            in.add(new Activation("a-" + i, new long[] {n, 256}, v));
        }
        return in;
    }

    @Test
    void theSplitModelOnThreeOperatorsEqualsTheWholeModel() throws Exception {
        ModelSpec spec = ModelFiles.mlp("split", 1);
        List<Activation> in = inputs();
        List<float[]> whole = new ArrayList<>();
        try (ZooModel<NDList, NDList> model = ModelLoader.load(spec);
                PredictorRunner runner = new PredictorRunner(model, spec)) {
            for (Activation a : in) {
                List<float[]> samples = new ArrayList<>();
                for (int i = 0; i < a.shape()[0]; i++) {
                    samples.add(java.util.Arrays.copyOfRange(a.values(), i * 256, (i + 1) * 256));
                }
                float[] out = new float[(int) a.shape()[0] * 10];
                List<SampleOutput> res = runner.run(samples);
                for (int i = 0; i < res.size(); i++) {
                    System.arraycopy(res.get(i).values(), 0, out, i * 10, 10);
                }
                whole.add(out);
            }
        }

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        DataStream<Activation> stream =
                env.fromData(TypeInformation.of(Activation.class), in.toArray(new Activation[0]));
        for (int s = 0; s <= CUTS.length; s++) {
            stream =
                    stream.map(new StageFunction(spec, CUTS, s))
                            .returns(TypeInformation.of(Activation.class))
                            .name("MLP stage " + s)
                            .slotSharingGroup("stage-" + s);
        }
        List<Activation> out = new ArrayList<>();
        try (CloseableIterator<Activation> it = stream.executeAndCollect("split model")) {
            it.forEachRemaining(out::add);
        }
        out.sort(Comparator.comparingInt(a -> Integer.parseInt(a.requestId().substring(2))));
        assertThat(out).hasSize(in.size());
        for (int i = 0; i < in.size(); i++) {
            assertThat(out.get(i).shape()).containsExactly(in.get(i).shape()[0], 10);
            assertThat(out.get(i).values()).containsExactly(whole.get(i), within(1e-4f));
        }
    }
}
