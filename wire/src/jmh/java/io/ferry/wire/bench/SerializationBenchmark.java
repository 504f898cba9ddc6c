package io.ferry.wire.bench;

import com.google.protobuf.ByteString;
import io.ferry.task.Task;
import io.ferry.wire.JavaSerialization;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of {@link JavaSerialization} for what every task pays: the task (a serializable lambda capturing an int
 * and a String) written on the app and read on the executor, through a child loader that defines the lambda's class
 * as the executor's does; and a small result (an Integer, a String) written on the executor and read on the app.
 *
 * <p>{@code ./mvnw -q -o -B -Pjmh -pl wire -am verify -Djmh.args="SerializationBenchmark -f 2 -prof gc"}: JMH's own
 * arguments in {@code jmh.args}. Prints the serialized sizes once per fork ("bytes: task=…").
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx256m"})
public class SerializationBenchmark {

    private static final int MAX = JavaSerialization.MAX_TASK_BYTES;

    private Task<Integer> task;
    private ByteString taskBytes;
    private ByteString integerBytes;
    private ByteString stringBytes;
    private ChildFirstLoader loader;

    @Setup
    public void setUp() throws Exception {
        task = BenchLambdas.task(42, "word-count");
        loader = new ChildFirstLoader(BenchLambdas.class.getProtectionDomain().getCodeSource().getLocation(),
                BenchLambdas.class.getName(), SerializationBenchmark.class.getClassLoader());
        taskBytes = JavaSerialization.serializeToByteString(task, MAX);
        integerBytes = JavaSerialization.serializeToByteString(1, MAX);
        stringBytes = JavaSerialization.serializeToByteString("the result of a task", MAX);
        Object back = read(taskBytes);
        if (back.getClass().getClassLoader() != loader || !Integer.valueOf(52).equals(((Task<?>) back).run())) {
            throw new IllegalStateException("the task did not come back through the child loader: " + back);
        }
        System.out.printf("%nbytes: task=%d integer=%d string=%d%n", taskBytes.size(), integerBytes.size(),
                stringBytes.size());
    }

    @TearDown
    public void tearDown() throws Exception {
        loader.close();
    }

    private Object read(ByteString bytes) throws Exception {
        return JavaSerialization.deserialize(bytes.newInput(), bytes.size(), loader);
    }

    @Benchmark
    public Object taskRoundTrip() throws Exception {
        return read(JavaSerialization.serializeToByteString(task, MAX));
    }

    @Benchmark
    public ByteString taskWrite() throws Exception {
        return JavaSerialization.serializeToByteString(task, MAX);
    }

    @Benchmark
    public Object taskRead() throws Exception {
        return read(taskBytes);
    }

    @Benchmark
    public Object integerResultRoundTrip() throws Exception {
        return read(JavaSerialization.serializeToByteString(1, MAX));
    }

    @Benchmark
    public Object stringResultRoundTrip() throws Exception {
        return read(JavaSerialization.serializeToByteString("the result of a task", MAX));
    }

    @Benchmark
    public Object integerResultRead() throws Exception {
        return read(integerBytes);
    }
}
