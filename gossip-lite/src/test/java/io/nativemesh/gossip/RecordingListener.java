/*
 * Copyright 2026 The NativeMesh Authors
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *     https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */
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
