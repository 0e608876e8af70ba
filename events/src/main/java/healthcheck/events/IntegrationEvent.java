package healthcheck.events;

import java.time.Instant;
import java.util.UUID;

/**
 * An event one service publishes for the others. Every event carries its own id (consumers dedupe on it),
 * its type and schema version (consumers route and evolve on them) and the aggregate id it is keyed by on
 * Kafka, so that all events of one reservation land on one partition in order.
 */
public sealed interface IntegrationEvent
        permits ScheduleRegistered, ReservationPlaced, ReservationCancelled, ReservationFailed, DeliveryStatusChanged {

    UUID eventId();

    String type();

    int version();

    Instant occurredAt();

    /** The Kafka record key: the id of the aggregate this event belongs to. */
    String key();

    /** The topic this event is published to. */
    default String topic() {
        return Topics.topicOf(this);
    }

    static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    static void requireHeader(UUID eventId, String type, String expectedType, int version, Instant occurredAt) {
        require(eventId != null, "eventId is required");
        require(expectedType.equals(type), "type must be " + expectedType + " but was " + type);
        require(version >= 1, "version must be at least 1");
        require(occurredAt != null, "occurredAt is required");
    }
}
