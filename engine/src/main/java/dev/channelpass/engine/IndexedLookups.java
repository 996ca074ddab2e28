package dev.channelpass.engine;

import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.bson.BsonRegularExpression;
import de.bwaldvogel.mongo.bson.Document;

import java.util.List;

/**
 * mongo-java-server answers a query from an index only when the query's keys are exactly the index's keys. Every
 * ChannelPass query also names its tenant (and often a state or a lease), so `_id` lookups and unique-key lookups
 * scanned the whole collection. This finds a unique index all of whose keys the query pins to plain values (or, for
 * a one-key index, to {$in: [...]}): its positions are a superset of the matches, and the caller runs the full
 * query over just those, so results are the same as a scan.
 */
final class IndexedLookups {
    private IndexedLookups() {
    }

    /** The candidate positions for the query, or null when no unique index narrows it (the caller scans). */
    static <P> Iterable<P> candidates(List<Index<P>> indexes, Document query) {
        if (query.size() < 2) {
            return null;
        }
        for (Index<P> index : indexes) {
            if (!index.isUnique()) {
                continue;
            }
            List<IndexKey> keys = index.getKeys();
            if (keys.size() >= query.size()) {
                continue;
            }
            Document pinned = new Document();
            for (IndexKey key : keys) {
                Object value = query.get(key.getKey());
                if (!query.containsKey(key.getKey()) || !isPinned(value, keys.size() == 1)) {
                    pinned = null;
                    break;
                }
                pinned.put(key.getKey(), value);
            }
            if (pinned != null && index.canHandle(pinned)) {
                return index.getPositions(pinned);
            }
        }
        return null;
    }

    /** A value an index can look up: not null or missing (sparse indexes leave those out), not an operator or a pattern. */
    private static boolean isPinned(Object value, boolean singleKey) {
        if (value == null || value instanceof Missing || value instanceof BsonRegularExpression) {
            return false;
        }
        if (value instanceof Document document) {
            return singleKey && document.size() == 1 && document.get("$in") instanceof List<?> list && list.stream().noneMatch(v -> v == null || v instanceof Document);
        }
        return true;
    }
}
