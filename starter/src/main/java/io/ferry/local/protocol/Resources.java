package io.ferry.local.protocol;

import java.util.ArrayList;
import java.util.List;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.Value;

/**
 * Scalar cpus, mem and disk in thousandths, the only resources local agents have. Mesos keeps three decimal
 * digits of a scalar (docs/mesos-notes.md §4, {@code Resource}), so fixed point gives the same arithmetic without
 * floating-point drift across thousands of launches.
 */
public record Resources(long cpus, long mem, long disk) {

    public static final Resources NONE = new Resources(0, 0, 0);

    /** Mesos' smallest allocatable amounts: an agent with less than this free is not offered. */
    private static final long MIN_CPUS = 10; // 0.01
    private static final long MIN_MEM = 32_000; // 32 MB

    public static Resources of(double cpus, double mem, double disk) {
        return new Resources(fixed(cpus), fixed(mem), fixed(disk));
    }

    /**
     * The resources of a task or executor.
     *
     * @throws IllegalArgumentException naming the first resource a local agent cannot have: a name other than
     *                                  cpus/mem/disk, a non-scalar type, a role other than {@code *}, a
     *                                  reservation, or a negative value
     */
    public static Resources parse(List<Resource> resources) {
        long cpus = 0;
        long mem = 0;
        long disk = 0;
        for (Resource r : resources) {
            if (r.getType() != Value.Type.SCALAR || !r.hasScalar()) {
                throw new IllegalArgumentException("resource '" + r.getName() + "' is not a scalar");
            }
            if (r.hasRole() && !r.getRole().equals("*") || r.getReservationsCount() > 0 || r.hasReservation()) {
                throw new IllegalArgumentException("resource '" + r.getName()
                        + "' is reserved; the local cluster offers only unreserved resources (role '*')");
            }
            double v = r.getScalar().getValue();
            if (!(v >= 0) || Double.isInfinite(v)) {
                throw new IllegalArgumentException("resource '" + r.getName() + "' has an invalid value " + v);
            }
            switch (r.getName()) {
                case "cpus" -> cpus += fixed(v);
                case "mem" -> mem += fixed(v);
                case "disk" -> disk += fixed(v);
                default -> throw new IllegalArgumentException("resource '" + r.getName()
                        + "' is not offered by the local cluster (only cpus, mem, disk)");
            }
        }
        return new Resources(cpus, mem, disk);
    }

    public Resources plus(Resources o) {
        return new Resources(cpus + o.cpus, mem + o.mem, disk + o.disk);
    }

    public Resources minus(Resources o) {
        return new Resources(cpus - o.cpus, mem - o.mem, disk - o.disk);
    }

    public boolean contains(Resources o) {
        return cpus >= o.cpus && mem >= o.mem && disk >= o.disk;
    }

    public boolean isEmpty() {
        return cpus <= 0 && mem <= 0 && disk <= 0;
    }

    public boolean allocatable() {
        return cpus >= MIN_CPUS || mem >= MIN_MEM;
    }

    /** The larger of the cpus and mem shares of {@code total}: the dominant share of DRF. */
    public double dominantShare(Resources total) {
        double c = total.cpus == 0 ? 0 : (double) cpus / total.cpus;
        double m = total.mem == 0 ? 0 : (double) mem / total.mem;
        return Math.max(c, m);
    }

    /** Unreserved ({@code *}) scalars; zero amounts are left out, as Mesos never offers empty resources. */
    public List<Resource> toProto(String allocationRole) {
        List<Resource> list = new ArrayList<>(3);
        add(list, "cpus", cpus, allocationRole);
        add(list, "mem", mem, allocationRole);
        add(list, "disk", disk, allocationRole);
        return list;
    }

    private static void add(List<Resource> list, String name, long amount, String allocationRole) {
        if (amount <= 0) {
            return;
        }
        Resource.Builder r = Resource.newBuilder()
                .setName(name)
                .setType(Value.Type.SCALAR)
                .setScalar(Value.Scalar.newBuilder().setValue(amount / 1000.0))
                .setRole("*");
        if (allocationRole != null) {
            r.getAllocationInfoBuilder().setRole(allocationRole);
        }
        list.add(r.build());
    }

    private static long fixed(double v) {
        return Math.round(v * 1000);
    }

    @Override
    public String toString() {
        return "cpus:" + cpus / 1000.0 + ";mem:" + mem / 1000.0 + ";disk:" + disk / 1000.0;
    }
}
