package io.edgeflow.slam.mapping2d;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProbabilityGridTest {

    @Test
    void unknownCellsReadAsMinimumProbabilityAndUpdatesAreClamped() {
        ProbabilityGrid g = new ProbabilityGrid(0.05);
        assertThat(g.probability(3, 4)).isEqualTo(ProbabilityGrid.MIN_PROBABILITY);
        g.ensureCells(0, 0, 10, 10);
        float hit = ProbabilityGrid.logOdds(0.55);
        for (int i = 0; i < 100; i++) {
            g.beginUpdate();
            g.update(3, 4, hit);
        }
        assertThat(g.probability(3, 4)).isCloseTo(ProbabilityGrid.MAX_PROBABILITY, within(1e-5f));
        assertThat(g.isKnown(3, 4)).isTrue();
        assertThat(g.isKnown(4, 4)).isFalse();
    }

    @Test
    void aCellIsUpdatedAtMostOncePerInsertion() {
        ProbabilityGrid g = new ProbabilityGrid(0.05);
        g.ensureCells(0, 0, 0, 0);
        g.beginUpdate();
        assertThat(g.update(0, 0, 1f)).isTrue();
        assertThat(g.update(0, 0, 1f)).isFalse();
        assertThat(g.logOddsAt(0, 0)).isEqualTo(1f);
    }

    @Test
    void growingKeepsCellIndicesAndTilesRoundTrip() {
        ProbabilityGrid g = new ProbabilityGrid(0.05);
        g.ensureCells(0, 0, 5, 5);
        g.beginUpdate();
        g.update(5, 5, 0.7f);
        g.ensureCells(-300, -10, 200, 130);
        g.beginUpdate();
        g.update(-300, 130, -0.4f);
        assertThat(g.logOddsAt(5, 5)).isEqualTo(0.7f);
        assertThat(g.minCellX() % ProbabilityGrid.TILE_SIZE).isZero();

        List<GridTile> tiles = g.tiles();
        assertThat(tiles).hasSize(2);
        ProbabilityGrid back = ProbabilityGrid.fromTiles(0.05, tiles);
        assertThat(back.logOddsAt(5, 5)).isEqualTo(0.7f);
        assertThat(back.logOddsAt(-300, 130)).isEqualTo(-0.4f);
        assertThat(back.probability(5, 5)).isEqualTo(g.probability(5, 5));
        assertThat(back.isKnown(6, 5)).isFalse();
    }
}
