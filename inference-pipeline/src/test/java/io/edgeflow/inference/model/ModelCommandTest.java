package io.edgeflow.inference.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ModelCommandTest {
    static final ModelSpec SPEC =
            new ModelSpec(
                    "mlp",
                    "2",
                    ModelFormat.DJL_BLOCK,
                    "/models/mlp-2",
                    "mlp:256,2048,2048,10",
                    ModelSpec.AdapterKind.TENSOR,
                    new long[] {256},
                    1);

    @Test
    void commandsSurviveTheirLineForm() {
        for (ModelCommand c :
                new ModelCommand[] {
                    ModelCommand.load(SPEC),
                    ModelCommand.swap(SPEC),
                    ModelCommand.unload("mlp", "1"),
                    ModelCommand.unload("mlp", "")
                }) {
            assertThat(ModelCommand.parse(c.toLine())).isEqualTo(c);
        }
        assertThat(ModelCommand.swap(SPEC).toLine())
                .isEqualTo(
                        "SWAP name=mlp version=2 format=DJL_BLOCK location=/models/mlp-2"
                                + " architecture=mlp:256,2048,2048,10 adapter=TENSOR shape=256"
                                + " threads=1");
    }

    @Test
    void malformedLinesAreRejectedWithTheReason() {
        assertThatThrownBy(() -> ModelCommand.parse("LOAD name=x"))
                .hasMessageContaining("needs version");
        assertThatThrownBy(() -> ModelCommand.parse("UNLOAD version=1"))
                .hasMessageContaining("needs name");
        assertThatThrownBy(() -> ModelCommand.parse("LOAD name"))
                .hasMessageContaining("not key=value");
    }
}
