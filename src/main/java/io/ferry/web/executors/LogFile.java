package io.ferry.web.executors;

import io.ferry.web.BadRequestException;

/** The two files of an executor's sandbox the pages read: nothing else there can be asked for. */
enum LogFile {
    STDOUT("stdout"), STDERR("stderr");

    private final String fileName;

    LogFile(String fileName) {
        this.fileName = fileName;
    }

    /** Its name in the sandbox, and in requests. */
    String fileName() {
        return fileName;
    }

    /** @throws BadRequestException naming {@code file} for anything but {@code stdout} and {@code stderr} */
    static LogFile of(String name) {
        for (LogFile file : values()) {
            if (file.fileName.equals(name)) {
                return file;
            }
        }
        throw new BadRequestException("file", "must be stdout or stderr");
    }
}
