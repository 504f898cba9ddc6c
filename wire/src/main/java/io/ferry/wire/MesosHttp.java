package io.ferry.wire;

/** Content types and headers of the Mesos v1 HTTP APIs (see {@code docs/mesos-notes.md} §1). */
public final class MesosHttp {

    /** Binary protobuf: the request body is one Call; a subscription stream is RecordIO records of one Event each. */
    public static final String PROTOBUF = "application/x-protobuf";
    /** JSON with proto field names; Mesos compares content types as plain strings, so never add a charset. */
    public static final String JSON = "application/json";
    /** Sent with the scheduler's SUBSCRIBE response; required on every other scheduler call. */
    public static final String STREAM_ID = "Mesos-Stream-Id";

    public static final String SCHEDULER_PATH = "/api/v1/scheduler";
    public static final String EXECUTOR_PATH = "/api/v1/executor";

    private MesosHttp() {
    }
}
