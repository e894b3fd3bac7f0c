"""Schedules: a daily rebuild of the cross-document tables (people, organizations)."""
import dagster as dg

from pipelines.defs.jobs import cross_document_job

daily_cross_document = dg.ScheduleDefinition(
    name="daily_cross_document_tables",
    job=cross_document_job,
    cron_schedule="0 3 * * *",
    description="Every day at 03:00, rebuild people and organizations from all documents.",
    default_status=dg.DefaultScheduleStatus.RUNNING,
)
