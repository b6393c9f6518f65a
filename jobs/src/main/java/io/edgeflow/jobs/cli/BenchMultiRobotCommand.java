package io.edgeflow.jobs.cli;

import io.edgeflow.slam.collab.MultiRobotOutlierExperiment;
import io.edgeflow.slam.collab.MultiRobotOutlierExperiment.Corruption;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code edgeflow bench multirobot [DIR]}: the distributed-mapper block worlds with a fraction of
 * the inter-robot closures false, merged with pairwise-consistency screening, scored against the
 * centralized graph's optimum.
 */
@Command(
        name = "multirobot",
        mixinStandardHelpOptions = true,
        description =
                "Outlier rejection of inter-robot closures on the distributed-mapper block worlds"
                        + " (folders N robots/ with 0.g2o… and fullGraph.g2o).")
public final class BenchMultiRobotCommand implements Callable<Integer> {

    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "DIR",
            defaultValue = "data/multirobot/blocks_world",
            description =
                    "folder of Nrobots/ folders (default ${DEFAULT-VALUE}: 2, 4, 9 robots; the"
                            + " full 2–49 set is ../shared/datasets/multirobot/distributed-mapper/blocks_world)")
    Path dir;

    @Option(
            names = "--false-fraction",
            defaultValue = "0.2",
            description = "share of false closures")
    double fraction;

    @Option(
            names = "--extent",
            defaultValue = "5",
            description = "false closures' translation range ±m")
    double extent;

    @Option(
            names = "--seeds",
            split = ",",
            defaultValue = "1,2,3",
            description = "corruption seeds")
    List<Long> seeds;

    @Option(names = "--csv", defaultValue = "out/multirobot.csv", description = "CSV output file")
    Path csv;

    @Override
    public Integer call() throws IOException {
        List<Path> worlds;
        try (Stream<Path> s = Files.list(dir)) {
            worlds =
                    s.filter(p -> p.getFileName().toString().matches("\\d+robots"))
                            .sorted(Comparator.comparingInt(BenchMultiRobotCommand::robotCount))
                            .toList();
        }
        if (worlds.isEmpty()) {
            System.err.println("no Nrobots/ folders in " + dir);
            return 2;
        }
        String header =
                "mode,robots,seed,poses,closures,false,accepted_true,accepted_false,rejected_true,"
                        + "rejected_true_unconfirmable,unjoined,chi2_ratio,oracle_chi2_ratio,"
                        + "ate_to_optimum_m,accept_all_chi2_ratio,merge_ms";
        List<String> rows = new ArrayList<>();
        System.out.printf(
                "%-7s %6s %4s %8s %5s %8s %8s %8s %9s %9s %10s %9s%n",
                "mode",
                "robots",
                "seed",
                "closures",
                "false",
                "acc_true",
                "acc_false",
                "rej_true",
                "χ²/opt",
                "oracle",
                "accept_all",
                "merge_ms");
        int falseAccepted = 0, unjoined = 0;
        double worstAdd = 1, worstReplaceVsOracle = 1;
        for (Corruption mode : Corruption.values()) {
            for (Path world : worlds) {
                for (long seed : seeds) {
                    MultiRobotOutlierExperiment.Result r =
                            MultiRobotOutlierExperiment.run(world, mode, fraction, extent, seed);
                    System.out.printf(
                            Locale.ROOT,
                            "%-7s %6d %4d %8d %5d %8d %8d %8d %9.4f %9.4f %10.2f %9.1f%n",
                            mode,
                            r.robots(),
                            seed,
                            r.closures(),
                            r.injected(),
                            r.acceptedTrue(),
                            r.acceptedFalse(),
                            r.rejectedTrue(),
                            r.chi2Ratio(),
                            r.oracleChi2Ratio(),
                            r.acceptAllChi2Ratio(),
                            r.mergeMillis());
                    rows.add(
                            String.format(
                                    Locale.ROOT,
                                    "%s,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%.6f,%.6f,%.6g,%.4f,%.2f",
                                    mode,
                                    r.robots(),
                                    seed,
                                    r.poses(),
                                    r.closures(),
                                    r.injected(),
                                    r.acceptedTrue(),
                                    r.acceptedFalse(),
                                    r.rejectedTrue(),
                                    r.rejectedTrueAlone(),
                                    r.unjoined().size(),
                                    r.chi2Ratio(),
                                    r.oracleChi2Ratio(),
                                    r.ateToOptimum(),
                                    r.acceptAllChi2Ratio(),
                                    r.mergeMillis()));
                    falseAccepted += r.acceptedFalse();
                    unjoined += r.unjoined().size();
                    if (mode == Corruption.ADD) {
                        worstAdd = Math.max(worstAdd, r.chi2Ratio());
                    } else {
                        worstReplaceVsOracle =
                                Math.max(worstReplaceVsOracle, r.chi2Ratio() / r.oracleChi2Ratio());
                    }
                }
            }
        }
        if (csv.getParent() != null) {
            Files.createDirectories(csv.getParent());
        }
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(csv))) {
            out.println(header);
            rows.forEach(out::println);
        }
        System.out.println("table written to " + csv);
        System.out.printf(
                Locale.ROOT,
                "RESULT worlds=%d runs=%d false_accepted=%d unjoined=%d worst_chi2_ratio_added=%.4f"
                        + " worst_chi2_vs_oracle_replaced=%.4f%n",
                worlds.size(),
                rows.size(),
                falseAccepted,
                unjoined,
                worstAdd,
                worstReplaceVsOracle);
        return 0;
    }

    private static int robotCount(Path p) {
        return Integer.parseInt(p.getFileName().toString().replace("robots", ""));
    }
}
