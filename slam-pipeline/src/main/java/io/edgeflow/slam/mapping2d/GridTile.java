package io.edgeflow.slam.mapping2d;

/**
 * A square block of {@link ProbabilityGrid#TILE_SIZE}² cells of log-odds, row-major, NaN where
 * unknown; the unit in which a grid goes into keyed state (one map entry per tile rather than one
 * giant value). Tile (tx, ty) covers cells [tx·S, (tx+1)·S) × [ty·S, (ty+1)·S).
 */
public record GridTile(int tileX, int tileY, float[] logOdds) {}
