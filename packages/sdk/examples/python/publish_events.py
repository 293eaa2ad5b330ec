#!/usr/bin/env python3
"""Publish modelwatch inference and ground-truth events with confluent-kafka.

An example for model servers that use their own Kafka client instead of the TypeScript SDK.
Events go to <prefix>inference and <prefix>ground-truth, keyed by prediction_id, either as
JSON (json.dumps) or as Confluent-framed Avro through a schema registry, with confluent-kafka's
own AvroSerializer and SchemaRegistryClient and the schema files in the repository's schemas/.

    pip install -r packages/sdk/examples/python/requirements.txt
    python packages/sdk/examples/python/publish_events.py --brokers 127.0.0.1:9092 \\
        --encoding avro --registry-url http://127.0.0.1:8081/apis/ccompat/v7 --count 100

Every event sent is echoed to stdout as one JSON line ({"topic", "key", "event"}); a summary
goes to stderr. The exit code is 0 only when Kafka acknowledged every event.
"""

from __future__ import annotations

import argparse
import json
import sys
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

try:
    from confluent_kafka import Producer
    from confluent_kafka.schema_registry import SchemaRegistryClient
    from confluent_kafka.schema_registry.avro import AvroSerializer
    from confluent_kafka.serialization import MessageField, SerializationContext
except ImportError as missing:  # pragma: no cover - the message is the point
    sys.exit(
        f"confluent-kafka with its Avro extra is not installed ({missing}); run:\n"
        "  pip install -r packages/sdk/examples/python/requirements.txt"
    )

SCHEMAS_DIR = Path(__file__).resolve().parents[4] / "schemas"


def iso_ms(moment: datetime) -> str:
    """ISO-8601 in UTC with milliseconds and a Z, as modelwatch reads it."""
    return moment.astimezone(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def inference_event(i: int, model_id: str, run: str, at: datetime) -> dict:
    fraud = round((i * 37 % 100) / 100, 2)
    return {
        "model_id": model_id,
        "model_version": "v1",
        "prediction_id": f"{model_id}-{run}-{i}",
        "timestamp": iso_ms(at),
        "features": {
            "amount": round(10 + i * 1.5, 2),
            "country": ["DE", "FR", "US"][i % 3],
            "is_new": i % 2 == 0,
            "age": None if i % 5 == 0 else 30 + i % 7,
        },
        "prediction": "fraud" if fraud >= 0.5 else "ok",
        "scores": {"fraud": fraud, "ok": round(1 - fraud, 2)},
        "latency_ms": 2.5 + i % 10,
        "status": "ok",
        "segments": {"channel": "web" if i % 2 else "app"},
    }


def ground_truth_event(i: int, model_id: str, run: str, at: datetime) -> dict:
    return {
        "model_id": model_id,
        "prediction_id": f"{model_id}-{run}-{i}",
        "label": "fraud" if i % 4 == 0 else "ok",
        "timestamp": int(at.timestamp() * 1000),
    }


def epoch_ms(value: int | float | str) -> int:
    """Avro's timestamp-millis is a long: ISO strings become epoch milliseconds."""
    if isinstance(value, (int, float)):
        return int(value)
    return int(datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp() * 1000)


def to_avro(event: dict, ctx: SerializationContext | None = None) -> dict:
    """The Avro form: every optional field present (null when absent), the time in epoch ms."""
    optional = ("event_id", "scores", "latency_ms", "status", "segments", "attributions")
    record = {**event, "timestamp": epoch_ms(event["timestamp"])}
    if "features" in event:  # an inference event
        for name in optional:
            record.setdefault(name, None)
    else:
        record.setdefault("event_id", None)
    return record


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--brokers", default="127.0.0.1:9092", help="bootstrap servers, comma-separated")
    parser.add_argument("--registry-url", default="http://127.0.0.1:8081/apis/ccompat/v7", help="Confluent-compatible registry (Apicurio: .../apis/ccompat/v7)")
    parser.add_argument("--topic-prefix", default="modelwatch.", help="topics are <prefix>inference and <prefix>ground-truth")
    parser.add_argument("--encoding", choices=("json", "avro"), default="json")
    parser.add_argument("--count", type=int, default=10, help="inference events to send, each with its ground truth")
    parser.add_argument("--model-id", default="fraud-detector")
    parser.add_argument("--run-id", default=None, help="part of each prediction_id (default: random)")
    args = parser.parse_args(argv)

    topics = {"inference": f"{args.topic_prefix}inference", "ground-truth": f"{args.topic_prefix}ground-truth"}
    producer = Producer({
        "bootstrap.servers": args.brokers,
        "enable.idempotence": True,  # implies acks=all
        "linger.ms": 20,
        # librdkafka's default (consistent_random, CRC32) puts a key on another partition than the
        # Java client and kafkajs do; murmur2 keeps a label on the partition of its prediction.
        "partitioner": "murmur2_random",
    })

    serializers = {}
    if args.encoding == "avro":
        registry = SchemaRegistryClient({"url": args.registry_url})
        for kind, file in (("inference", "inference-event.avsc"), ("ground-truth", "ground-truth-event.avsc")):
            schema = (SCHEMAS_DIR / file).read_text(encoding="utf-8")
            # auto.register.schemas (the default) registers under <topic>-value, TopicNameStrategy.
            serializers[kind] = AvroSerializer(registry, schema, to_dict=to_avro)

    def value(kind: str, event: dict) -> bytes:
        if args.encoding == "json":
            return json.dumps(event, separators=(",", ":")).encode("utf-8")
        return serializers[kind](event, SerializationContext(topics[kind], MessageField.VALUE))

    failures: list[str] = []
    acked = 0

    def on_delivery(err, msg) -> None:
        nonlocal acked
        if err is not None:
            failures.append(f"{msg.topic()} key={msg.key()!r}: {err}")
        else:
            acked += 1

    run = args.run_id or uuid.uuid4().hex[:8]
    start = datetime.now(timezone.utc).replace(microsecond=0) - timedelta(minutes=5)
    sent = 0
    for i in range(args.count):
        at = start + timedelta(milliseconds=i * 100)
        for kind, event in (
            ("inference", inference_event(i, args.model_id, run, at)),
            ("ground-truth", ground_truth_event(i, args.model_id, run, at + timedelta(minutes=1))),
        ):
            payload = value(kind, event)
            while True:
                try:
                    producer.produce(topics[kind], key=event["prediction_id"].encode("utf-8"), value=payload, on_delivery=on_delivery)
                    break
                except BufferError:  # the local queue is full: let deliveries drain, then try again
                    producer.poll(0.5)
            sent += 1
            print(json.dumps({"topic": topics[kind], "key": event["prediction_id"], "event": event}))
            producer.poll(0)

    remaining = producer.flush(30)
    print(json.dumps({"sent": sent, "acked": acked, "failed": len(failures), "unflushed": remaining, "encoding": args.encoding}), file=sys.stderr)
    for failure in failures[:10]:
        print(f"delivery failed: {failure}", file=sys.stderr)
    return 0 if acked == sent and remaining == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
