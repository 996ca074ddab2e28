package dev.channelpass.engine;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Document;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

import java.lang.reflect.Field;

/** The on-disk (H2 MVStore) backend, with queries narrowed by unique indexes (IndexedLookups). */
final class IndexedH2Backend extends H2Backend {
    IndexedH2Backend(String fileName) {
        super(fileName);
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        return new Database(databaseName, getMvStore(), getCursorRegistry());
    }

    private static final class Database extends H2Database {
        Database(String name, MVStore store, CursorRegistry cursorRegistry) {
            super(name, store, cursorRegistry);
        }

        /**
         * The same maps H2Database opens for a collection ("databases." and "meta." + its namespace). H2Database opens
         * its existing collections from its own constructor, before a field of ours could be set, so the store is
         * read from H2Database's own field.
         */
        @Override
        protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
            MVStore store = storeOf(this);
            String namespace = getFullCollectionNamespace(collectionName);
            MVMap<Object, Document> data = store.openMap("databases." + namespace);
            MVMap<String, Object> meta = store.openMap("meta." + namespace);
            return new Collection(this, collectionName, options, data, meta, cursorRegistry);
        }
    }

    private static MVStore storeOf(H2Database database) {
        try {
            Field field = H2Database.class.getDeclaredField("mvStore");
            field.setAccessible(true);
            return (MVStore) field.get(database);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("H2Database no longer keeps its store in mvStore", e);
        }
    }

    private static final class Collection extends H2Collection {
        Collection(MongoDatabase database, String name, CollectionOptions options, MVMap<Object, Document> data, MVMap<String, Object> meta, CursorRegistry cursorRegistry) {
            super(database, name, options, data, meta, cursorRegistry);
        }

        /**
         * The answer as the document was when this call modified it. The backend answers with its stored document
         * itself, which a concurrent write can change before the answer is encoded: two increments of one counter
         * would both answer the later value.
         */
        @Override
        public synchronized Document findAndModify(Document query) {
            Document answer = super.findAndModify(query);
            return answer == null ? null : answer.cloneDeeply();
        }

        @Override
        protected QueryResult queryDocuments(Document query, Document orderBy, int skip, int limit, int batchSize, Document fieldSelector) {
            Iterable<Object> candidates = IndexedLookups.candidates(getIndexes(), query);
            if (candidates == null) {
                return super.queryDocuments(query, orderBy, skip, limit, batchSize, fieldSelector);
            }
            return matchDocuments(query, candidates, orderBy, skip, limit, batchSize, fieldSelector);
        }
    }
}
