package dev.almanac.project;

public record ProjectStats(long totalProjects, long activeProjects, long lockedProjects, long deletedProjects,
        long totalFiles, long totalTables, long totalBuckets, long totalSizeBytes) {}
