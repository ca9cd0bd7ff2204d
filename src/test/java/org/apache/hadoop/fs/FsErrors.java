package org.apache.hadoop.fs;

/** Test access to {@link FSError}'s package-private constructor: the error Hadoop's local file system throws on ENOSPC. */
public final class FsErrors {
    private FsErrors() {
    }

    public static FSError of(Throwable cause) {
        return new FSError(cause);
    }
}
