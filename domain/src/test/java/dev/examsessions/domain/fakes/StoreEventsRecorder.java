package dev.examsessions.domain.fakes;

import dev.examsessions.domain.port.ExamEvents;
import dev.examsessions.domain.port.SessionStoreState;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Records what a session store reports about itself: state changes, primary errors, stale copies dropped. */
public final class StoreEventsRecorder implements ExamEvents {
    public final List<SessionStoreState> states = new CopyOnWriteArrayList<>();
    public final AtomicInteger errors = new AtomicInteger();
    public final AtomicInteger staleDropped = new AtomicInteger();

    @Override
    public void sessionStoreStateChanged(SessionStoreState state) {
        states.add(state);
    }

    @Override
    public void sessionStoreError() {
        errors.incrementAndGet();
    }

    @Override
    public void staleCopiesDropped(int count) {
        staleDropped.addAndGet(count);
    }
}
