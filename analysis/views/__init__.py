"""Views stage: page data per page, charts, exports and the public read path. Pages only draw
what these modules return.
"""
