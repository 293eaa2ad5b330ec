// Publishing modelwatch events from a Java model server, with kafka-clients and, for Avro,
// Confluent's KafkaAvroSerializer. A snippet for the README: the repository does not build it.
//
// Dependencies:
//   org.apache.kafka:kafka-clients (Maven Central)            -- JSON and Avro
//   io.confluent:kafka-avro-serializer (packages.confluent.io) -- Avro only; brings org.apache.avro
//
// Run: java PublishEvents <brokers> <json|avro> [registry-url] [topic-prefix]
//   e.g. java PublishEvents 127.0.0.1:9092 avro http://127.0.0.1:8081/apis/ccompat/v7 modelwatch.

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import io.confluent.kafka.serializers.KafkaAvroSerializer;

public final class PublishEvents {
  public static void main(String[] args) throws Exception {
    String brokers = args.length > 0 ? args[0] : "127.0.0.1:9092";
    boolean avro = args.length > 1 && args[1].equals("avro");
    String registryUrl = args.length > 2 ? args[2] : "http://127.0.0.1:8081/apis/ccompat/v7";
    String prefix = args.length > 3 ? args[3] : "modelwatch.";

    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true); // implies acks=all
    props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class); // key = prediction_id
    // The default partitioner hashes the key with murmur2, as kafkajs does: a label lands on
    // the partition of its prediction.
    if (avro) {
      props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, KafkaAvroSerializer.class);
      props.put("schema.registry.url", registryUrl); // Apicurio: its Confluent-compatible API
      // auto.register.schemas defaults to true; subjects are <topic>-value (TopicNameStrategy).
    } else {
      props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    }

    String predictionId = UUID.randomUUID().toString();
    long now = Instant.now().toEpochMilli();

    try (KafkaProducer<String, Object> producer = new KafkaProducer<>(props)) {
      Object inference;
      Object groundTruth;
      if (avro) {
        Schema inferenceSchema = new Schema.Parser().parse(Files.readString(Path.of("schemas/inference-event.avsc")));
        Schema groundTruthSchema = new Schema.Parser().parse(Files.readString(Path.of("schemas/ground-truth-event.avsc")));
        Map<String, Object> features = new LinkedHashMap<>();
        features.put("amount", 42.5);
        features.put("country", "DE");
        features.put("is_new", true);
        features.put("age", null); // a missing value
        GenericRecord record = new GenericData.Record(inferenceSchema);
        record.put("model_id", "fraud-detector");
        record.put("model_version", "v1");
        record.put("prediction_id", predictionId);
        record.put("timestamp", now); // timestamp-millis: epoch milliseconds as a long
        record.put("features", features);
        record.put("prediction", "ok");
        record.put("scores", Map.of("fraud", 0.12, "ok", 0.88));
        record.put("latency_ms", 4.2);
        // Optional fields left unset (event_id, status, segments, attributions) default to null.
        inference = record;

        GenericRecord label = new GenericData.Record(groundTruthSchema);
        label.put("model_id", "fraud-detector");
        label.put("prediction_id", predictionId);
        label.put("label", "ok");
        label.put("timestamp", now + 60_000);
        groundTruth = label;
      } else {
        inference = String.format(
            "{\"model_id\":\"fraud-detector\",\"model_version\":\"v1\",\"prediction_id\":\"%s\","
                + "\"timestamp\":\"%s\",\"features\":{\"amount\":42.5,\"country\":\"DE\",\"is_new\":true,\"age\":null},"
                + "\"prediction\":\"ok\",\"scores\":{\"fraud\":0.12,\"ok\":0.88},\"latency_ms\":4.2}",
            predictionId, Instant.ofEpochMilli(now));
        groundTruth = String.format(
            "{\"model_id\":\"fraud-detector\",\"prediction_id\":\"%s\",\"label\":\"ok\",\"timestamp\":%d}",
            predictionId, now + 60_000);
      }
      producer.send(new ProducerRecord<>(prefix + "inference", predictionId, inference)).get();
      producer.send(new ProducerRecord<>(prefix + "ground-truth", predictionId, groundTruth)).get();
      System.out.println("sent prediction and ground truth for " + predictionId);
    }
  }
}
