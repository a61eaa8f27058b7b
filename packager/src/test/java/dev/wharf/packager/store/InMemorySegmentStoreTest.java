package dev.wharf.packager.store;

class InMemorySegmentStoreTest extends SegmentStoreContract {

    @Override
    protected SegmentStore createStore() {
        return new InMemorySegmentStore();
    }
}
