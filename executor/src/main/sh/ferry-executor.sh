#!/bin/sh
# Starts Ferry's executor. A Mesos agent fetches this script and ferry-executor.jar into the executor's sandbox
# (the working directory) and runs it. It needs nothing on PATH but java: the optional class-data cache below also
# uses mkdir, cp, mv and rm when they are there, and goes without them.
#
# Which java: $FERRY_JAVA (a path, or a command name looked up on PATH), else $JAVA_HOME/bin/java, else java on
# PATH. Mesos passes the agent's environment on only in part (JAVA_HOME is often unset), so the scheduler sets
# FERRY_JAVA when it knows better. JVM options come from $FERRY_JAVA_OPTS, split on white space.

java=
if [ -n "${FERRY_JAVA:-}" ]; then
    case $FERRY_JAVA in
        */*) [ -x "$FERRY_JAVA" ] && java=$FERRY_JAVA ;;
        *) java=$(command -v -- "$FERRY_JAVA") || java= ;;
    esac
    [ -z "$java" ] && echo "ferry-executor.sh: FERRY_JAVA=$FERRY_JAVA is not an executable; trying JAVA_HOME and PATH" >&2
fi
if [ -z "$java" ] && [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    java=$JAVA_HOME/bin/java
fi
if [ -z "$java" ]; then
    java=$(command -v java) || java=
fi
if [ -z "$java" ]; then
    echo "ferry-executor.sh: no java found: set FERRY_JAVA (Ferry's executor java setting) or JAVA_HOME, or put java on the agent's PATH (PATH=${PATH:-})" >&2
    exit 127
fi

case $0 in
    */*) dir=${0%/*} ;;
    *) dir=. ;;
esac

jar=$dir/ferry-executor.jar

# Class-data sharing (AppCDS), when the scheduler names a cache directory ($FERRY_CDS_DIR, an absolute path without
# white space) and the jar's digest ($FERRY_EXECUTOR_KEY). An archive only serves the jar file it was made with
# (path, size and time), so the jar is copied into the cache once, under its digest, and the JVM runs that copy:
# - no archive yet: the JVM lists the classes it loads, and the executor makes the archive from that list a few
#   seconds after its first task (ClassDataArchive), checks its checksums once, and renames it into place, for the
#   executors after it;
# - an archive: the JVM maps it, and loads the executor's classes from it instead of parsing the jar.
# Every step may fail (no cp or mv on PATH, a directory that is not ours or not writable, an archive of another
# java or for other options): the executor then starts as it would without the cache. -Xshare:auto makes any
# archive that does not fit this JVM a warning at most; its checksums were checked when it was made (checking
# them at every start, -XX:+VerifySharedSpaces, would cost each executor 40 ms).
cds=
cache=${FERRY_CDS_DIR:-}
key=${FERRY_EXECUTOR_KEY:-}
case $cache$key in
    *[[:space:]]*) cache= ;;
esac
case $key in
    *[!0-9a-f]*) cache= ;;
esac
case $cache in
    /*) ;;
    *) cache= ;;
esac
if [ -n "$cache" ] && [ -n "$key" ]; then
    [ -d "$cache" ] || mkdir -p -m 700 "$cache" 2>/dev/null
    if [ -d "$cache" ] && [ -O "$cache" ] && [ -w "$cache" ]; then
        base=$cache/ferry-executor-$key
        if [ ! -f "$base.jar" ] && cp "$jar" "$base.jar.$$" 2>/dev/null; then
            # A rename is atomic: another executor sees no jar, or the whole jar.
            mv -f "$base.jar.$$" "$base.jar" 2>/dev/null || rm -f "$base.jar.$$" 2>/dev/null
        fi
        if [ -f "$base.jar" ]; then
            jar=$base.jar
            if [ -f "$base.jsa" ]; then
                cds="-XX:SharedArchiveFile=$base.jsa -Xshare:auto"
                # What an executor killed while writing the archive left: the archive is there now.
                rm -f "$base.jsa.part."* 2>/dev/null
            else
                # The list goes into the sandbox, which goes away with it, whatever becomes of this executor.
                cds="-XX:DumpLoadedClassList=$dir/ferry-executor.classlist -Dferry.cds.list=$dir/ferry-executor.classlist -Dferry.cds.archive=$base.jsa"
            fi
        fi
    fi
fi

# exec: the JVM takes this process's place, so the agent's signals reach it.
# shellcheck disable=SC2086 # FERRY_JAVA_OPTS and cds are split on purpose
exec "$java" $FERRY_JAVA_OPTS $cds -jar "$jar" "$@"
