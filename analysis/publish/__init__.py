"""The static public site: the public read model as plain Dutch HTML, a Pagefind search index
and the public documents, published by swapping a finished folder in (publish stage).

Reads only the public read model (analysis.views.public, public_page) and, for the documents
and their counts, the report functions (analysis.views.report_data, report)."""
