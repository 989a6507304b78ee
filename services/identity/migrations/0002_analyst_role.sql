-- Partnership analysts: they see the partnership's figures and the ASB case
-- reviews (the figures service), nothing of a case.
ALTER TABLE directory_user
    DROP CONSTRAINT directory_user_role_check,
    ADD CONSTRAINT directory_user_role_check
        CHECK (role IN ('chair', 'representative', 'ig', 'analyst'));
