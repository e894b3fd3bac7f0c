"""The dynamic partitions: one per document under RAW (key from its relative path)."""
import dagster as dg

documents_partitions = dg.DynamicPartitionsDefinition(name="documents")
