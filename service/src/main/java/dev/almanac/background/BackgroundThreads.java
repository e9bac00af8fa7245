package dev.almanac.background;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Threads for work that should give way to cheap requests, run below the request threads in the
 * operating system's scheduler: work nobody is waiting on (embedding written projects, generation
 * jobs, schedules, index compaction) and searches' query embeddings, which cost milliseconds of CPU
 * where a cached read costs a tenth of one.
 *
 * <p>Why: on a small machine the background work and the requests share the same cores, and a read
 * that the cache answers in a tenth of a millisecond waited behind a model inference of several
 * milliseconds. Java thread priorities do nothing on Linux unless the JVM is started with special
 * flags, so each of these threads raises its own nice value with {@code setpriority(2)} when it
 * starts: any user may lower the priority of its own threads. At nice {@value #NICE} a thread gets
 * about a tenth of a core that a request thread also wants, and all of an idle one; background work
 * is slowed only while requests are waiting.
 *
 * <p>Linux only; elsewhere, or if the call fails, the threads simply run at normal priority. Threads
 * a background thread starts inherit its nice value (Lucene's merge threads, for instance), which is
 * what we want for them.
 */
public final class BackgroundThreads {
    private static final Logger log = LoggerFactory.getLogger(BackgroundThreads.class);
    /** The nice value of background threads (request threads run at 0). */
    public static final int NICE = 10;
    private static final int PRIO_PROCESS = 0; // with a thread id as "who", Linux applies it to that thread only
    private static volatile boolean warned;

    private BackgroundThreads() {}

    /** Daemon platform threads named {@code prefix0}, {@code prefix1}, … that run at background priority. */
    public static ThreadFactory factory(String prefix) {
        ThreadFactory threads = Thread.ofPlatform().name(prefix, 0).daemon().factory();
        return task -> threads.newThread(lowered(task));
    }

    /** Starts one daemon platform thread at background priority. */
    public static Thread start(String name, Runnable task) {
        return Thread.ofPlatform().name(name).daemon().start(lowered(task));
    }

    private static Runnable lowered(Runnable task) {
        return () -> {
            lowerCurrentThread();
            task.run();
        };
    }

    /**
     * Sets the calling platform thread's nice value to {@link #NICE}. Returns whether it did; a virtual
     * thread is refused, since the call would change its carrier, a thread shared with everything else.
     */
    static boolean lowerCurrentThread() {
        if (Thread.currentThread().isVirtual()) return false;
        try {
            // "1234/task/1240": the kernel's id of this thread, which Java does not expose
            Path self = Files.readSymbolicLink(Path.of("/proc/thread-self"));
            int tid = Integer.parseInt(self.getFileName().toString());
            if (LibC.INSTANCE.setpriority(PRIO_PROCESS, tid, NICE) == 0) return true;
            warnOnce("setpriority refused (errno " + Native.getLastError() + ")");
        } catch (Exception | LinkageError e) {
            warnOnce(e.toString());
        }
        return false;
    }

    private static void warnOnce(String why) {
        if (warned) return;
        warned = true;
        log.info("Background threads run at normal priority: {}", why);
    }

    private interface LibC extends Library {
        LibC INSTANCE = Native.load("c", LibC.class);

        int setpriority(int which, int who, int prio);
    }
}
