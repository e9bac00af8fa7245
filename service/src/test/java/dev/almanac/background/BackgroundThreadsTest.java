package dev.almanac.background;

import static org.assertj.core.api.Assertions.assertThat;

import dev.almanac.testing.Niceness;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class BackgroundThreadsTest {

    @Test
    void aBackgroundThreadRunsAtTheBackgroundNiceValue() throws Exception {
        CompletableFuture<Integer> nice = new CompletableFuture<>();
        BackgroundThreads.start("test-background", () -> nice.complete(Niceness.ofCurrentThread())).join();
        assertThat(nice.get()).isEqualTo(BackgroundThreads.NICE);
    }

    @Test
    void threadsOfAFactoryAreLoweredAndNamed() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2, BackgroundThreads.factory("test-pool-"));
        try {
            assertThat(pool.submit(() -> Thread.currentThread().getName() + " " + Niceness.ofCurrentThread()).get())
                    .isEqualTo("test-pool-0 " + BackgroundThreads.NICE);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void onlyTheBackgroundThreadIsLoweredNotItsStarterNorTheOthers() throws Exception {
        int before = Niceness.ofCurrentThread();
        BackgroundThreads.start("test-background", () -> {}).join();
        assertThat(Niceness.ofCurrentThread()).isEqualTo(before);
        Thread plain = Thread.ofPlatform().start(() -> {});
        plain.join();
        CompletableFuture<Integer> other = new CompletableFuture<>();
        Thread.ofPlatform().start(() -> other.complete(Niceness.ofCurrentThread())).join();
        assertThat(other.get()).isEqualTo(before);
    }

    @Test
    void aVirtualThreadIsNotLowered() throws Exception {
        CompletableFuture<Boolean> lowered = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> lowered.complete(BackgroundThreads.lowerCurrentThread())).join();
        assertThat(lowered.get()).isFalse();
    }
}
