package io.nativemesh.gossip;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records every callback as "kind:name" (messages as "msg:text"). */
final class RecordingListener implements GossipListener {
    final List<String> events = new CopyOnWriteArrayList<>();
    final List<Member> updates = new CopyOnWriteArrayList<>();

    @Override
    public void onJoin(Member m) {
        events.add("join:" + m.name());
    }

    @Override
    public void onUpdate(Member m) {
        events.add("update:" + m.name());
        updates.add(m);
    }

    @Override
    public void onLeave(Member m) {
        events.add("leave:" + m.name());
    }

    @Override
    public void onFail(Member m) {
        events.add("fail:" + m.name());
    }

    @Override
    public void onMessage(byte[] payload) {
        events.add("msg:" + new String(payload, StandardCharsets.UTF_8));
    }

    boolean has(String e) {
        return events.contains(e);
    }
}
