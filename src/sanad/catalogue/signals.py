"""Keeps the SQLite full-text table in step with each version's stored search tokens (PostgreSQL's
index is on the table itself and needs nothing). See search_index.py."""

from .search_index import index_remove, index_write


def version_saved(sender, instance, update_fields=None, raw=False, **kwargs):
    if update_fields is not None and "search_tokens" not in update_fields:
        return
    index_write(version_id=instance.pk, tokens=instance.search_tokens)


def version_deleted(sender, instance, **kwargs):
    index_remove(version_id=instance.pk)
