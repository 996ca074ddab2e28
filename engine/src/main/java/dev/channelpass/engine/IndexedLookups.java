package dev.channelpass.engine;

import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.bson.BsonRegularExpression;
import de.bwaldvogel.mongo.bson.Document;

import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

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

    /**
     * A value an index can look up as the scan would match it: a scalar, not null or missing (sparse indexes leave
     * those out), not a pattern, not a list (an index keeps a list's elements, not the list), not an operator other
     * than a one-key index's {$in: [scalars]}.
     */
    private static boolean isPinned(Object value, boolean singleKey) {
        if (!isScalar(value)) {
            return value instanceof Document document && singleKey && document.size() == 1
                && document.get("$in") instanceof List<?> list && list.stream().allMatch(IndexedLookups::isScalar);
        }
        return true;
    }

    private static boolean isScalar(Object value) {
        return value != null && !(value instanceof Missing) && !(value instanceof BsonRegularExpression) && !(value instanceof Pattern)
            && !(value instanceof Collection<?>) && !(value instanceof Document);
    }
}
