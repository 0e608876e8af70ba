package healthcheck.systemtests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** One line of /proc/PID/stat or /proc/PID/task/TID/stat, read by the field numbers of proc(5). */
final class ProcStat {

    private final String[] fromState;

    private ProcStat(String line) {
        // the command (field 2) is in parentheses and may hold spaces: count from the last ')', state is field 3
        this.fromState = line.substring(line.lastIndexOf(')') + 2).trim().split(" ");
    }

    /** Reads the file; throws if the process or thread has gone. */
    static ProcStat read(Path statFile) throws IOException {
        return new ProcStat(Files.readString(statFile));
    }

    /** Field {@code number} as proc(5) counts them (3 state, 14 utime, 15 stime, 19 nice), from 3 on. */
    long field(int number) {
        return Long.parseLong(fromState[number - 3]);
    }
}
