"""The finding codes the C2PA and XMP layers raise themselves, as plain tables.

Low in the layers (findings and citations only): the layers raise the codes with the
severities here, and the rule catalogue registers the same tables for ``omrs explain``, so
the rules never import the media or XMP code.
"""
