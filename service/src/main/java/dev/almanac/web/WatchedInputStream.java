package dev.almanac.web;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;

/**
 * A request body stream that lets a filter look at the bytes as they are read (to count them, to
 * check them) without buffering the body: subclasses override the reads, the rest is passed through.
 */
abstract class WatchedInputStream extends ServletInputStream {
    protected final ServletInputStream in;

    WatchedInputStream(ServletInputStream in) {
        this.in = in;
    }

    @Override
    public boolean isFinished() {
        return in.isFinished();
    }

    @Override
    public boolean isReady() {
        return in.isReady();
    }

    @Override
    public void setReadListener(ReadListener listener) {
        in.setReadListener(listener);
    }
}
