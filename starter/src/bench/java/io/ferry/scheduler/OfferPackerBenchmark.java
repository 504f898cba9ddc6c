package io.ferry.scheduler;

import com.google.protobuf.ByteString;
import io.ferry.task.TaskOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.mesos.v1.Protos;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link OfferPacker#pack}: 10,000 queued tasks of mixed sizes against 100 offers (one per agent, 8 cpus and
 * 32 GiB each, half of the agents already running the executor). Demand (about 4,700 cpus) is far above supply
 * (800), as when a burst waits, so packing walks the whole window. In package {@code io.ferry.scheduler} because
 * the packer is package-private.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class OfferPackerBenchmark {

    @Param({"100"})
    public int offers;

    @Param({"10000"})
    public int pending;

    private List<OfferPacker.OfferSlice> offerSlices;
    private List<Protos.Offer> protoOffers;
    private TaskRegistry registry;
    private List<OfferPacker.ReadyTask> tasks;
    private final OfferPacker.ExecutorCost executor = new OfferPacker.ExecutorCost(0.1, 192);

    @Setup
    public void setUp() {
        Random random = new Random(42);
        offerSlices = new ArrayList<>(offers);
        for (int i = 0; i < offers; i++) {
            offerSlices.add(new OfferPacker.OfferSlice("offer-" + i, "agent-" + i, 8, 32 * 1024, i % 2 == 0));
        }
        double[] cpus = {0.1, 0.25, 0.5, 1, 2};
        double[] mem = {32, 128, 512, 2048};
        tasks = new ArrayList<>(pending);
        registry = new TaskRegistry(10_000);
        TaskOptions defaults = new TaskOptions(0.1, 32, Duration.ofMinutes(10), 2, "ferry-task", Map.of());
        for (int i = 0; i < pending; i++) {
            double c = cpus[random.nextInt(cpus.length)];
            double m = mem[random.nextInt(mem.length)];
            tasks.add(new OfferPacker.ReadyTask("t" + i, c, m));
            registry.add(new TaskRecord("t" + i, defaults.withCpus(c).withMemMb(m), ByteString.EMPTY,
                    new CompletableFuture<>(), Instant.now()));
        }
        protoOffers = new ArrayList<>(offers);
        for (int i = 0; i < offers; i++) {
            Protos.Offer.Builder offer = Protos.Offer.newBuilder()
                    .setId(Protos.OfferID.newBuilder().setValue("offer-" + i))
                    .setFrameworkId(Protos.FrameworkID.newBuilder().setValue("framework"))
                    .setAgentId(Protos.AgentID.newBuilder().setValue("agent-" + i))
                    .setHostname("agent-" + i)
                    .addResources(scalar("cpus", 8))
                    .addResources(scalar("mem", 32 * 1024))
                    .addResources(scalar("disk", 10_240));
            if (i % 2 == 0) {
                offer.addExecutorIds(Protos.ExecutorID.newBuilder().setValue("ferry-executor"));
            }
            protoOffers.add(offer.build());
        }
    }

    private static Protos.Resource scalar(String name, double value) {
        return Protos.Resource.newBuilder().setName(name).setType(Protos.Value.Type.SCALAR)
                .setScalar(Protos.Value.Scalar.newBuilder().setValue(value)).setRole("*").build();
    }

    @Benchmark
    public OfferPacker.Plan pack() {
        return OfferPacker.pack(offerSlices, tasks, executor);
    }

    /**
     * A packing round as {@code Launcher.launchReady} does it, before any TaskInfo is built: the ready line's
     * first 10,000 records, the id map, the ready task list, offer slices read from the protobuf offers, then pack.
     */
    @Benchmark
    public OfferPacker.Plan packingRound() {
        List<TaskRecord> ready = registry.peekReady(10_000);
        Map<String, TaskRecord> byId = new HashMap<>(ready.size() * 2);
        List<OfferPacker.ReadyTask> readyTasks = new ArrayList<>(ready.size());
        for (TaskRecord r : ready) {
            byId.put(r.id, r);
            readyTasks.add(new OfferPacker.ReadyTask(r.id, r.options.cpus(), r.options.memMb()));
        }
        List<OfferPacker.OfferSlice> slices = new ArrayList<>(protoOffers.size());
        for (Protos.Offer offer : protoOffers) {
            slices.add(OfferViews.slice(offer, "ferry-executor"));
        }
        return OfferPacker.pack(slices, readyTasks, executor);
    }
}
