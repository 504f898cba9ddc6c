#!/bin/sh
# Starts Ferry's executor. A Mesos agent fetches this script and ferry-executor.jar into the executor's sandbox
# (the working directory) and runs it. It uses no external command, so it works with any PATH.
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

# exec: the JVM takes this process's place, so the agent's signals reach it.
# shellcheck disable=SC2086 # FERRY_JAVA_OPTS is split on purpose
exec "$java" $FERRY_JAVA_OPTS -jar "$dir/ferry-executor.jar" "$@"
