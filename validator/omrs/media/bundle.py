"""What ``omrs sign`` embeds for a media file: the bundle's records for it, as content.

Finding the asset and its records is ``omrs.bundles``' job (shared with the XMP layer);
this module only turns them into the manifest content, in the privacy form asked for.
"""

from __future__ import annotations

from omrs.bundles import AssetRecords
from omrs.media.manifest import OmrsContent
from omrs.media.privacy import Privacy


def signing_content(records: AssetRecords, privacy: Privacy) -> OmrsContent:
    return OmrsContent(
        disclosure=records.disclosure,
        licences=records.licences,
        consents=records.consents,
        asset=records.asset,
        bundle_id=records.bundle_id,
        privacy=privacy,
        datasets=records.datasets,
        audit_log=records.audit_log,
    )
