import Synchronization

/// Counters of the delivery path, shared by the hub and every connection; exported as
/// metrics by the observability layer.
public final class DeliveryStatistics: Sendable {
    private let delivered = Atomic<Int>(0)
    private let isolationViolations = Atomic<Int>(0)
    private let droppedAfterClose = Atomic<Int>(0)
    private let slowConsumerCloses = Atomic<Int>(0)
    private let connectionLimitCloses = Atomic<Int>(0)
    private let queuedBytes = Atomic<Int>(0)
    private let peakQueuedBytesPerConnection = Atomic<Int>(0)
    private let received = Atomic<Int>(0)
    private let coalesced = Atomic<Int>(0)

    public init() {}

    public struct Snapshot: Sendable, Hashable {
        public var delivered: Int
        public var isolationViolations: Int
        public var droppedAfterClose: Int
        public var slowConsumerCloses: Int
        public var connectionLimitCloses: Int
        /// Bytes waiting in all outbound queues right now.
        public var queuedBytes: Int
        /// The largest single-connection queue seen since start, in bytes.
        public var peakQueuedBytesPerConnection: Int
        /// Complete client messages received on every connection.
        public var received: Int
        /// Deltas and progress updates joined into the event queued before them, for
        /// connections that had fallen behind.
        public var coalesced: Int
    }

    public var snapshot: Snapshot {
        Snapshot(
            delivered: delivered.load(ordering: .relaxed),
            isolationViolations: isolationViolations.load(ordering: .relaxed),
            droppedAfterClose: droppedAfterClose.load(ordering: .relaxed),
            slowConsumerCloses: slowConsumerCloses.load(ordering: .relaxed),
            connectionLimitCloses: connectionLimitCloses.load(ordering: .relaxed),
            queuedBytes: queuedBytes.load(ordering: .relaxed),
            peakQueuedBytesPerConnection: peakQueuedBytesPerConnection.load(ordering: .relaxed),
            received: received.load(ordering: .relaxed),
            coalesced: coalesced.load(ordering: .relaxed)
        )
    }

    public func recordDelivered(_ count: Int = 1) { delivered.add(count, ordering: .relaxed) }
    public func recordReceived() { received.add(1, ordering: .relaxed) }
    public func recordCoalesced() { coalesced.add(1, ordering: .relaxed) }
    public func recordIsolationViolation() { isolationViolations.add(1, ordering: .relaxed) }
    public func recordDroppedAfterClose() { droppedAfterClose.add(1, ordering: .relaxed) }
    public func recordSlowConsumerClose() { slowConsumerCloses.add(1, ordering: .relaxed) }
    public func recordConnectionLimitClose() { connectionLimitCloses.add(1, ordering: .relaxed) }

    public func recordQueued(bytes: Int, connectionQueueBytes: Int) {
        queuedBytes.add(bytes, ordering: .relaxed)
        var peak = peakQueuedBytesPerConnection.load(ordering: .relaxed)
        while connectionQueueBytes > peak {
            let (exchanged, original) = peakQueuedBytesPerConnection.compareExchange(
                expected: peak, desired: connectionQueueBytes, ordering: .relaxed)
            if exchanged { break }
            peak = original
        }
    }

    public func recordDequeued(bytes: Int) { queuedBytes.subtract(bytes, ordering: .relaxed) }
}
