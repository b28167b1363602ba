package io.zbuf.examples.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RunReceiverTest {
    @Test
    void aLosslessRunInOrderPasses() {
        RunReceiver receiver = new RunReceiver(100, 3);
        receiver.onMessage(100);
        receiver.onMessage(101);
        receiver.polled(2);
        receiver.onMessage(102);
        receiver.polled(1);
        RunResult result = receiver.result();
        assertThat(receiver.complete()).isTrue();
        assertThat(result.ok()).as(result.failure()).isTrue();
        assertThat(result.delivered()).isEqualTo(3);
        assertThat(result.timedMessages()).as("the first poll's messages are not timed").isEqualTo(1);
        assertThat(result.elapsedNanos()).isPositive();
        assertThat(result.messagesPerSecond()).isPositive();
    }

    @Test
    void dropsThatTheTransportReportedAddUp() {
        RunReceiver receiver = new RunReceiver(0, 5);
        receiver.onMessage(0);
        receiver.onMessage(3);
        receiver.onMessage(4);
        receiver.polled(3);
        RunResult result = receiver.result(2, 7, 1);
        assertThat(result.ok()).as(result.failure()).isTrue();
        assertThat(result.dropped()).isEqualTo(2);
        assertThat(result.controlMessages()).isEqualTo(7);
        assertThat(result.buffersReceived()).isEqualTo(1);
    }

    @Test
    void aMessageLostWithoutBeingReportedFailsTheRun() {
        RunReceiver receiver = new RunReceiver(0, 3);
        receiver.onMessage(0);
        receiver.onMessage(2);
        assertThat(receiver.result().failure()).isEqualTo("delivered 2 + dropped 0 = 2, not the 3 sent (1 sequence numbers missing)");
    }

    @Test
    void duplicatesFailTheRun() {
        RunReceiver receiver = new RunReceiver(0, 2);
        receiver.onMessage(0);
        receiver.onMessage(0);
        assertThat(receiver.complete()).isTrue();
        assertThat(receiver.result().failure()).isEqualTo("1 duplicates and 0 messages out of order");
    }

    @Test
    void messagesOutOfOrderFailTheRun() {
        RunReceiver receiver = new RunReceiver(0, 2);
        receiver.onMessage(1);
        receiver.onMessage(0);
        assertThat(receiver.result().failure()).isEqualTo("0 duplicates and 1 messages out of order");
    }

    @Test
    void aMessageOfAnEarlierRunOrWithoutNumberFailsTheRun() {
        RunReceiver receiver = new RunReceiver(10, 2);
        receiver.onMessage(9);
        receiver.onMessage(-1);
        assertThat(receiver.result().failure()).isEqualTo("2 messages carried no sequence number of this run");
    }

    @Test
    void aNumberBeyondWhatWasSentFailsTheRun() {
        RunReceiver receiver = new RunReceiver(0, 2);
        receiver.onMessage(0);
        receiver.onMessage(2);
        assertThat(receiver.result().failure()).isEqualTo("sequence number 2 is beyond the 2 messages sent");
    }

    @Test
    void messagesOutsideTheTimedPollsAreNotTimed() {
        RunReceiver receiver = new RunReceiver(0, 6);
        receiver.onMessage(0);
        receiver.onMessage(1);
        receiver.polled(2);
        receiver.onMessage(2);
        receiver.onMessage(3);
        receiver.onMessage(4);
        receiver.polled(3);
        receiver.onMessage(5);
        RunResult result = receiver.result();
        assertThat(result.ok()).as(result.failure()).isTrue();
        assertThat(result.delivered()).isEqualTo(6);
        assertThat(result.timedMessages()).as("the 3 of the second poll; not the first poll's, not the untimed last one").isEqualTo(3);
    }

    @Test
    void aRunDeliveredInOnePollCannotBeTimed() {
        RunReceiver receiver = new RunReceiver(0, 2);
        receiver.onMessage(0);
        receiver.onMessage(1);
        receiver.polled(2);
        receiver.polled(0);
        RunResult result = receiver.result();
        assertThat(result.ok()).isTrue();
        assertThat(result.timedMessages()).isZero();
        assertThat(result.messagesPerSecond()).isNaN();
    }

    @Test
    void aFailedRunKeepsWhatArrivedAndTheReason() {
        RunReceiver receiver = new RunReceiver(0, 4);
        receiver.onMessage(0);
        receiver.polled(1);
        RunResult result = receiver.failed("the producer died");
        assertThat(result.ok()).isFalse();
        assertThat(result.failure()).isEqualTo("the producer died");
        assertThat(result.sent()).isEqualTo(4);
        assertThat(result.delivered()).isEqualTo(1);
        assertThat(receiver.complete()).isFalse();
    }
}
