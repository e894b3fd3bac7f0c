"""Schedules: a daily rebuild of the cross-document tables (people, organizations) and compaction."""
import dagster as dg

from pipelines.defs.jobs import cross_document_job

# The cross-document group's rebuild: the resolution index rebuilt from every per-document file
# (pipelines/resolution.py) and every per-document file compacted into segments
# (pipelines/compaction.py). `python -m pipelines ingest --rebuild` runs the same config.
REBUILD_RUN_CONFIG: dict = {"ops": {"people_and_organizations": {"config": {"rebuild": True}},
                                     "archive_segments": {"config": {"everything": True}}}}

daily_cross_document = dg.ScheduleDefinition(
    name="daily_cross_document_tables",
    job=cross_document_job,
    cron_schedule="0 3 * * *",
    run_config=REBUILD_RUN_CONFIG,
    description=("Every day at 03:00, rebuild people and organizations from every per-document file "
                 "(not from the resolution index) and compact the per-document files."),
    default_status=dg.DefaultScheduleStatus.RUNNING,
)
