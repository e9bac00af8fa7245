package dev.almanac.background;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class BackgroundThreadsTest {

    @Test
    void aBackgroundThreadRunsAtTheBackgroundNiceValue() throws Exception {
        CompletableFuture<Integer> nice = new CompletableFuture<>();
        BackgroundThreads.start("test-background", () -> nice.complete(currentNice())).join();
        assertThat(nice.get()).isEqualTo(BackgroundThreads.NICE);
    }

    @Test
    void threadsOfAFactoryAreLoweredAndNamed() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2, BackgroundThreads.factory("test-pool-"));
        try {
            assertThat(pool.submit(() -> Thread.currentThread().getName() + " " + currentNice()).get())
                    .isEqualTo("test-pool-0 " + BackgroundThreads.NICE);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void onlyTheBackgroundThreadIsLoweredNotItsStarterNorTheOthers() throws Exception {
        int before = currentNice();
        BackgroundThreads.start("test-background", () -> {}).join();
        assertThat(currentNice()).isEqualTo(before);
        Thread plain = Thread.ofPlatform().start(() -> {});
        plain.join();
        CompletableFuture<Integer> other = new CompletableFuture<>();
        Thread.ofPlatform().start(() -> other.complete(currentNice())).join();
        assertThat(other.get()).isEqualTo(before);
    }

    @Test
    void aVirtualThreadIsNotLowered() throws Exception {
        CompletableFuture<Boolean> lowered = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> lowered.complete(BackgroundThreads.lowerCurrentThread())).join();
        assertThat(lowered.get()).isFalse();
    }

    /** Field 19 of /proc/thread-self/stat; the name (field 2) is in parentheses and may hold spaces. */
    private static int currentNice() {
        try {
            String stat = Files.readString(Path.of("/proc/thread-self/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Integer.parseInt(fields[16]); // fields[0] is field 3 (state)
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
